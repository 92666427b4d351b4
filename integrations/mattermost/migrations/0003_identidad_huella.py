from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mattermost", "0002_listener_cursores"),
    ]

    operations = [
        migrations.AddField(
            model_name="identidadbot",
            name="huella",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="huella de la conexión"
            ),
        ),
    ]
