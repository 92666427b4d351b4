"""The admin pages of the month close: closing a month, reopening it, and "¿Y si…?".

They parse, check permissions, call one service and show; the services are in `statements`
and `whatif`. Reached from the admin (`CierreMesAdmin.get_urls`, `PlanComisionAdmin.get_urls`):
`/admin/sales/cierremes/cerrar/?mes=2026-11`, `/admin/sales/cierremes/<id>/reabrir/` and
`/admin/sales/plancomision/que-pasaria-si/?plan=3&mes=2026-11`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from sales.closing import whatif
from sales.closing.figures import load_month
from sales.closing.models import CierreMes, EstadoPlan, PlanComision
from sales.closing.permissions import CERRAR_MES, VER_PLANES
from sales.closing.plans import plan_for_month
from sales.closing.statements import CierreRechazado, close_month, pending_sales, reopen_month
from sales.permissions import VER_VENTAS
from sales.reports.figures import month_ended, parse_month
from sales.reports.overview import requested_month
from sales.texts import closing as textos
from sales.texts import nombre_mes


def _require(request: HttpRequest, *permisos: str) -> None:
    if not request.user.has_perms(permisos):
        raise PermissionDenied


def _pagina(model_admin, request: HttpRequest, plantilla: str, **contexto: Any) -> HttpResponse:
    contexto = {**model_admin.admin_site.each_context(request), "opts": CierreMes._meta, **contexto}
    return TemplateResponse(request, f"admin/sales/cierre/{plantilla}", contexto)


def _mes_del_formulario(request: HttpRequest) -> dt.date:
    mes = parse_month(request.POST.get("mes", ""))
    if mes is None:
        raise BadRequest("mes")
    return mes


# --- Closing ------------------------------------------------------------------------------------


def cerrar(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: what closing the month would freeze, and the sales still pending; POST: close."""
    _require(request, CERRAR_MES, VER_VENTAS)
    if request.method == "POST":
        mes = _mes_del_formulario(request)
        usuario = request.user.get_username()
        try:
            cierre = close_month(
                mes=mes, actor=usuario, excluir_pendientes=request.POST.get("excluir") == "1"
            )
        except CierreRechazado as exc:
            messages.error(request, str(exc))
        else:
            total = cierre.estados_cuenta.count()
            messages.success(request, textos.mes_cerrado(cierre.mes, total))
            return redirect(reverse("admin:sales_cierremes_change", args=[cierre.pk]))
    else:
        mes = requested_month(request)
    return _pagina(model_admin, request, "cerrar.html", **_vista_previa(mes))


def _vista_previa(mes: dt.date) -> dict[str, Any]:
    plan = plan_for_month(mes)
    cifras = load_month(mes).cifras(plan.regla if plan else None)
    return {
        "title": f"Cerrar {nombre_mes(mes)}",
        "mes": mes,
        "plan": plan,
        "cifras": cifras,
        "total": sum((c.comision for c in cifras), Decimal("0.00")),
        "pendientes": list(pending_sales(mes).select_related("vendedor")),
        "cerrado": CierreMes.objects.filter(mes=mes, estado=CierreMes.Estado.CERRADO).first(),
        "terminado": month_ended(mes),
    }


def reabrir(model_admin, request: HttpRequest, cierre_id: int) -> HttpResponse:
    """Superusers only: GET asks for the reason, POST reopens."""
    if not request.user.is_superuser:
        raise PermissionDenied
    cierre = get_object_or_404(CierreMes, pk=cierre_id)
    if request.method == "POST":
        try:
            reopen_month(cierre=cierre, usuario=request.user, motivo=request.POST.get("motivo", ""))
        except CierreRechazado as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, textos.mes_reabierto(cierre.mes))
            return redirect(reverse("admin:sales_cierremes_change", args=[cierre.pk]))
    titulo = f"Reabrir {nombre_mes(cierre.mes)}"
    return _pagina(model_admin, request, "reabrir.html", title=titulo, cierre=cierre)


# --- What if ------------------------------------------------------------------------------------


def que_pasaria_si(model_admin, request: HttpRequest) -> HttpResponse:
    """Pick a plan and a month; see per seller what it would pay beside what it pays now.
    Only reads (a GET form): nothing is saved."""
    _require(request, VER_PLANES, VER_VENTAS)
    mes = requested_month(request)
    planes = PlanComision.objects.order_by("estado", "-vigente_desde", "-id")
    pedido = request.GET.get("plan", "")
    if pedido.isascii() and pedido.isdigit():  # "²" is a digit to isdigit, not to int
        plan = planes.filter(pk=pedido).first()
    else:
        plan = planes.filter(estado=EstadoPlan.BORRADOR).first()
    filas = whatif.compare(plan=plan, mes=mes) if plan else []
    contexto = {
        **model_admin.admin_site.each_context(request),
        "opts": PlanComision._meta,
        "title": f"¿Y si…? {nombre_mes(mes).capitalize()}",
        "mes": mes,
        "planes": planes,
        "plan": plan,
        "vigente": plan_for_month(mes),
        "filas": filas,
        "totales": {
            campo: sum((getattr(f, campo) for f in filas), Decimal("0.00"))
            for campo in ("actual", "propuesta", "diferencia")
        },
    }
    return TemplateResponse(request, "admin/sales/cierre/que_pasaria_si.html", contexto)
