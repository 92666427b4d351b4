"""Plans, months and people for the month-close tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sales.closing.models import Ajuste, EstadoPlan, PlanComision
from sales.closing.permissions import sync_managers
from tests.helpers.mesa import CLAVE, claves_rapidas, crear_staff  # noqa: F401
from tests.listener.support import listen  # noqa: F401 - the fixture

SEPTIEMBRE, OCTUBRE, NOVIEMBRE = dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def en(mes: dt.date, dia: int = 10, hora: int = 12) -> dt.datetime:
    """An instant of that month, in the business's time zone."""
    return timezone.make_aware(dt.datetime(mes.year, mes.month, dia, hora))


def ajuste_de(venta) -> Ajuste | None:
    """The adjustment the sale's last change made (the services record it themselves)."""
    return Ajuste.objects.filter(venta=venta).order_by("-id").first()


def crear_plan(**campos) -> PlanComision:
    """A plan written directly (setup, not the service): published, $10 per tube above 3."""
    valores = {
        "nombre": "Plan base",
        "vigente_desde": SEPTIEMBRE,
        "estado": EstadoPlan.PUBLICADO,
        "umbral": 3,
        "por_tubo": Decimal("10.00"),
        **campos,
    }
    return PlanComision.objects.create(**valores)


def crear_gerente(username: str = "gerente") -> User:
    """A staff user in `Gerentes` (recreated here: a transactional test's flush empties it)."""
    user = crear_staff(username)
    user.groups.add(sync_managers())
    return user


@pytest.fixture
def gerente(db) -> User:
    return crear_gerente()


@pytest.fixture
def como_gerente(client, gerente):
    client.force_login(gerente)
    return client


@pytest.fixture
def superusuario(db) -> User:
    return User.objects.create_superuser("jefa", "jefa@example.com", CLAVE)
