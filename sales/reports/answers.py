"""The slash commands' figures, gathered for `sales.texts.slash` to put into words."""

from __future__ import annotations

import datetime as dt

from sales.models import Auditoria, CierreMes, Estado, Vendedor
from sales.reports import figures
from sales.texts import closing, slash


def my_sales(vendedor: Vendedor | None, mes: dt.date) -> str:
    del_mes = figures.seller_sales(vendedor, mes)
    return slash.mis_ventas(mes, del_mes, rejection_reasons(del_mes))


def rejection_reasons(ventas: list) -> dict[int, str]:
    """The reviewer's reason of each rejected sale (its latest rejection's audit note)."""
    rechazadas = [v.pk for v in ventas if v.estado == Estado.RECHAZADA]
    entradas = Auditoria.objects.filter(venta__in=rechazadas, accion="rechazar").order_by("creado")
    return {venta_id: nota for venta_id, nota in entradas.values_list("venta_id", "nota")}


def my_commission(vendedor: Vendedor | None, mes: dt.date) -> str:
    """A closed month answers from its statement (what was paid), an open one live."""
    cierre = CierreMes.objects.filter(mes=mes, estado=CierreMes.Estado.CERRADO).first()
    if vendedor is None or cierre is None:
        return slash.mi_comision(mes, figures.seller_sales(vendedor, mes))
    estado = cierre.estados_cuenta.filter(vendedor=vendedor).select_related("plan").first()
    if estado is None:
        return closing.sin_estado(mes)
    ajustes = list(estado.ajustes_aplicados.order_by("creado", "id"))
    return closing.resumen_estado(estado, ajustes)


def my_goal(vendedor: Vendedor | None, mes: dt.date) -> str:
    if vendedor is None:
        return slash.mi_meta(mes, None, (0, 0), None)
    prog = figures.progress(vendedor, mes)
    return slash.mi_meta(mes, prog, figures.in_review(vendedor, mes), figures.days_left(mes))


def ranking(mm_user_id: str, mes: dt.date) -> str:
    filas = (
        figures.totals_by_seller(mes)
        .filter(n_ventas__gt=0)
        .order_by("-total_monto", "-total_tubos", "username")
    )
    return slash.ranking(mes, list(filas), mm_user_id)
