"""factory-boy factories for the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from sales.models import Estado, Meta, Vendedor, Venta

_ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"


def mm_id(n: int) -> str:
    """A 26-char Mattermost-looking id, distinct for each n."""
    digits = []
    for _ in range(26):
        n, r = divmod(n, 32)
        digits.append(_ALPHABET[r])
    return "".join(reversed(digits))


class VendedorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendedor

    mm_user_id = factory.Sequence(lambda n: mm_id(10_000 + n))
    username = factory.Sequence(lambda n: f"vendedor{n}")
    nombre = factory.Faker("name", locale="es_MX")


class VentaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venta

    vendedor = factory.SubFactory(VendedorFactory)
    cliente = factory.Faker("name", locale="es_MX")
    monto = Decimal("1500.00")
    tubos = 5
    comision = Decimal("20.00")
    comision_por_tubo = Decimal("10.00")
    comision_umbral = 3
    fecha = factory.LazyFunction(timezone.now)
    estado = Estado.REGISTRADA
    post_id = factory.Sequence(lambda n: mm_id(900_000 + n))
    channel_id = mm_id(77)
    root_id = factory.SelfAttribute("post_id")
    mensaje = "@monto 1500 @cliente X @tubos 5"


class MetaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meta

    vendedor = factory.SubFactory(VendedorFactory)
    mes = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    monto = Decimal("10000.00")
    tubos = 40


def month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)
