"""Template filters for the review desk: money as `$1,500.00` and percentages with a dot,
whatever the admin's locale would do with a Decimal."""

from __future__ import annotations

from decimal import Decimal

from django import template

from sales.models import Estado, Venta
from sales.texts import dinero as _dinero

register = template.Library()


@register.filter
def dinero(valor: Decimal | int | None) -> str:
    return "—" if valor is None else _dinero(Decimal(valor))


@register.filter
def porcentaje(valor: Decimal | int | None) -> str:
    return "—" if valor is None else f"{Decimal(valor):.2f} %"


@register.simple_tag
def ventas_en_revision() -> int:
    return Venta.objects.filter(estado=Estado.EN_REVISION).count()
