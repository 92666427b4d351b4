"""The month's goals on one page: every active seller in a row, the amount and tube goals edited
together, a month picker, and «copiar las metas del mes anterior» (which fills the form; nothing
is saved until «Guardar metas»). Each changed row goes through `services.goals.set_goal`, and a
goal left blank through `services.goals.remove_goal` (audit, NocoDB), all in one transaction.

Reached from the admin (`MetaAdmin.get_urls`): `/admin/sales/meta/del-mes/?mes=2026-12`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from sales.models import Meta, Vendedor
from sales.parsing import MAX_TUBOS, ParseError, parse_monto
from sales.reports.figures import shift_month
from sales.reports.overview import requested_month
from sales.services import goals
from sales.texts import fields, nombre_mes

PERMISOS = ("sales.view_meta", "sales.add_meta", "sales.change_meta")


class FilaMeta(forms.Form):
    """One seller's goals for the month; both empty means no goal."""

    vendedor = forms.IntegerField(widget=forms.HiddenInput)
    monto = forms.CharField(required=False, max_length=30)
    tubos = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_TUBOS,
        error_messages={
            "invalid": "Los tubos deben ser un número entero.",
            "min_value": f"{fields.TUBOS_NEGATIVOS}.",
            "max_value": f"La meta de tubos no puede pasar de {MAX_TUBOS:,}.",
        },
    )

    def clean_monto(self) -> Decimal | None:
        texto = self.cleaned_data["monto"].strip()
        if not texto:
            return None
        try:
            return parse_monto(texto)
        except ParseError as exc:
            raise forms.ValidationError(f"{exc.problema}.") from None

    def clean(self):
        datos = super().clean()
        if (datos.get("monto") is None) != (datos.get("tubos") is None) and not self.errors:
            raise forms.ValidationError("Escribe las dos metas (monto y tubos) o ninguna.")
        return datos


FilasMeta = forms.formset_factory(FilaMeta, extra=0)


def sellers_of(mes: dt.date) -> list[Vendedor]:
    """The active sellers, and any other with a goal that month, by name."""
    con_meta = Meta.objects.filter(mes=mes).values("vendedor_id")
    vendedores = Vendedor.objects.filter(activo=True) | Vendedor.objects.filter(pk__in=con_meta)
    return sorted(vendedores.distinct(), key=lambda v: (str(v).casefold(), v.pk))


def initial_rows(vendedores: list[Vendedor], mes: dt.date) -> list[dict]:
    metas = {m.vendedor_id: m for m in Meta.objects.filter(mes=mes)}
    filas = []
    for v in vendedores:
        meta = metas.get(v.pk)
        filas.append(
            {
                "vendedor": v.pk,
                "monto": f"{meta.monto:,.2f}" if meta else "",
                "tubos": meta.tubos if meta else None,
            }
        )
    return filas


def save_rows(filas: list[dict], mes: dt.date, actor: str) -> int:
    """Set every goal that changed, and take away those left blank; how many changed.
    One transaction: all or none."""
    cambiadas = 0
    # A formset told of more forms than the page sent reads the missing ones as empty rows.
    # Sellers in id order: each goal locks its seller, as the month close does in that order.
    filas = sorted((fila for fila in filas if fila), key=lambda fila: fila["vendedor"])
    with transaction.atomic():
        vendedores = Vendedor.objects.in_bulk([f["vendedor"] for f in filas])
        metas = {m.vendedor_id: m for m in Meta.objects.filter(mes=mes, vendedor__in=vendedores)}
        for fila in filas:
            vendedor, antes = vendedores.get(fila["vendedor"]), metas.get(fila["vendedor"])
            if vendedor is None:
                continue
            if fila.get("monto") is None:
                cambiadas += antes is not None and goals.remove_goal(meta_id=antes.pk, actor=actor)
                continue
            meta = goals.set_goal(
                vendedor=vendedor, mes=mes, monto=fila["monto"], tubos=fila["tubos"], actor=actor
            )
            cambiadas += antes is None or goals.snapshot(antes) != goals.snapshot(meta)
    return cambiadas


def month_page(model_admin, request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(PERMISOS):
        raise PermissionDenied
    mes = requested_month(request)
    vendedores = sellers_of(mes)
    if request.method == "POST":
        filas = FilasMeta(request.POST)
        if filas.is_valid():
            n = save_rows(filas.cleaned_data, mes, request.user.get_username())
            messages.success(request, f"Guardaste las metas de {nombre_mes(mes)}: {n} cambiaron.")
            return redirect(f"{reverse('admin:sales_meta_del_mes')}?mes={mes:%Y-%m}")
    else:
        desde = shift_month(mes, -1) if request.GET.get("copiar") else mes
        filas = FilasMeta(initial=initial_rows(vendedores, desde))
    contexto = {
        **model_admin.admin_site.each_context(request),
        "opts": Meta._meta,
        "title": f"Metas de {nombre_mes(mes)}",
        "mes": mes,
        "anterior": nombre_mes(shift_month(mes, -1)),
        "copiando": bool(request.GET.get("copiar")),
        "filas": list(zip(vendedores, filas.forms, strict=False)),
        "formset": filas,
    }
    return TemplateResponse(request, "admin/sales/meta/del_mes.html", contexto)
