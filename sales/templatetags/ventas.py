"""Template filters for the review desk: money as `$1,500.00` and percentages with a dot,
whatever the admin's locale would do with a Decimal; the month picker in Spanish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from sales.models import Estado, Venta
from sales.reports.figures import shift_month
from sales.texts import dinero as _dinero
from sales.texts import nombre_mes

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


@register.simple_tag
def selector_de_mes(mes: dt.date, nombre: str = "mes"):
    """A `<select>` of months named in Spanish: the browser's own month input speaks the
    browser's language («December 2026»). The last 12 months, this one, the next 3 and `mes`."""
    opciones = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (valor, " selected" if valor == f"{mes:%Y-%m}" else "", texto)
            for valor, texto in month_choices(mes)
        ),
    )
    return format_html('<select id="{}" name="{}">{}</select>', nombre, nombre, opciones)


def month_choices(mes: dt.date) -> list[tuple[str, str]]:
    actual = timezone.localdate().replace(day=1)
    meses = {shift_month(actual, n) for n in range(-12, 4)} | {mes.replace(day=1)}
    return [(f"{m:%Y-%m}", nombre_mes(m)) for m in sorted(meses, reverse=True)]
