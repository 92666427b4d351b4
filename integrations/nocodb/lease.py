"""One pusher at a time: a lease row claimed atomically, renewed while working, released at the
end. A worker killed while holding it blocks the others only until the lease runs out."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integrations.nocodb.models import Turno

NOMBRE = "nocodb"
# Long enough for a few bulk requests between renewals, short enough that a dead worker's
# turn passes quickly to another.
DURACION = dt.timedelta(minutes=2)


class LeaseLost(Exception):
    """Another worker took the turn (ours ran out): stop writing to NocoDB now."""


def take(owner: str) -> bool:
    ahora = timezone.now()
    Turno.objects.get_or_create(nombre=NOMBRE, defaults={"hasta": ahora})
    return bool(
        Turno.objects.filter(nombre=NOMBRE, hasta__lte=ahora).update(
            hasta=ahora + DURACION, dueno=owner
        )
    )


def renew(owner: str) -> None:
    renovado = Turno.objects.filter(nombre=NOMBRE, dueno=owner).update(
        hasta=timezone.now() + DURACION
    )
    if not renovado:
        raise LeaseLost(f"El turno de envío a NocoDB ya no es de {owner}")


def release(owner: str) -> None:
    Turno.objects.filter(nombre=NOMBRE, dueno=owner).update(hasta=timezone.now(), dueno="")
