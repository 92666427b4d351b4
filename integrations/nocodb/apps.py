from django.apps import AppConfig


class NocodbConfig(AppConfig):
    name = "integrations.nocodb"
    label = "nocodb"
    verbose_name = "NocoDB"
