from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class NocodbConfig(AppConfig):
    name = "integrations.nocodb"
    label = "nocodb"
    verbose_name = "NocoDB"

    def ready(self) -> None:
        checks.register(half_configured_mirror)


def half_configured_mirror(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """NOCODB_URL without a token (a first start, before NocoDB has one): the mirror is off."""
    if settings.NOCODB_URL and not settings.NOCODB_API_TOKEN:
        return [
            checks.Warning(
                "NOCODB_URL está configurada pero falta NOCODB_API_TOKEN: el espejo en NocoDB "
                "está apagado y los cambios no se registran para él.",
                hint="Cree un token de API en NocoDB, configúrelo y ejecute "
                "`manage.py nocodb_bootstrap` y luego `manage.py nocodb_resync --all`.",
                id="nocodb.W001",
            )
        ]
    return []
