"""The month overview's close buttons (sales/templates/admin/sales/venta/resumen.html), and money
with its sign for the close's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from sales.closing.models import CierreMes
from sales.closing.permissions import CERRAR_MES
from sales.reports.figures import month_ended
from sales.texts import closing as textos

register = template.Library()


@register.inclusion_tag("admin/sales/cierre/boton.html", takes_context=True)
def boton_cierre(context, mes: dt.date) -> dict[str, Any]:
    """The month's close: a link to its statements (and reopening, for superusers), or the
    close button for a finished month and a manager who may close it."""
    usuario = context["request"].user
    cierre = CierreMes.objects.filter(mes=mes, estado=CierreMes.Estado.CERRADO).first()
    terminado = month_ended(mes)
    return {
        "mes": mes,
        "cierre": cierre,
        "puede_reabrir": usuario.is_superuser,
        "puede_cerrar": terminado and usuario.has_perm(CERRAR_MES),
    }


@register.filter
def dinero_con_signo(valor) -> str:
    return "—" if valor is None else textos.dinero(valor)
