"""The ledger in the Django admin. State changes go through services (audit + outbox).

Sales are read-only here, for everyone: they change only through the services, and a reviewer
decides flagged ones on the review desk (sales/review_desk.py), which hangs from `VentaAdmin`'s
URLs together with the month's overview (sales/reports/overview.py).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.contrib import admin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from sales import goals_desk, review_desk
from sales.admin_tools import AuditInWords, ReadOnly
from sales.models import (
    Auditoria,
    Detalle,
    Meta,
    Vendedor,
    Venta,
)
from sales.reports import overview
from sales.reports.figures import month_range, parse_month
from sales.services import goals, sellers
from sales.texts import dinero, nombre_mes


class FiltroMes(admin.SimpleListFilter):
    """The months that have rows, newest first (`?mes=2026-11`)."""

    title = "mes"
    parameter_name = "mes"
    campo = ""

    def meses(self, queryset) -> list[dt.date]:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        meses = self.meses(model_admin.get_queryset(request))
        return [(f"{mes:%Y-%m}", nombre_mes(mes)) for mes in meses[:36]]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        mes = parse_month(self.value())
        return queryset.none() if mes is None else self.filtrar(queryset, mes)

    def filtrar(self, queryset, mes: dt.date):
        raise NotImplementedError


class MesDeVenta(FiltroMes):
    def meses(self, queryset) -> list[dt.date]:
        # In the business's time zone: a sale at 23:30 on the 31st belongs to that month.
        return [m.date() for m in queryset.datetimes("fecha", "month", order="DESC")]

    def filtrar(self, queryset, mes: dt.date):
        inicio, fin = month_range(mes)
        return queryset.filter(fecha__gte=inicio, fecha__lt=fin)


class MesDeMeta(FiltroMes):
    def meses(self, queryset) -> list[dt.date]:
        return list(queryset.dates("mes", "month", order="DESC"))

    def filtrar(self, queryset, mes: dt.date):
        return queryset.filter(mes=mes)


@admin.register(Vendedor)
class VendedorAdmin(admin.ModelAdmin):
    list_display = ["username", "nombre", "mm_user_id", "activo", "creado"]
    list_filter = ["activo"]
    search_fields = ["username", "nombre", "mm_user_id"]
    readonly_fields = ["mm_user_id", "creado", "actualizado", "nocodb_id"]

    def has_add_permission(self, request) -> bool:
        # A seller is a Mattermost user, created when their first post arrives
        # (services.sellers.seller_of). Added here, the row had no Mattermost id: no post
        # would ever reach it, and a second one collided on the empty id with a 500.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Their sales keep them (PROTECT): a seller who leaves is marked inactive instead.
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: an audit entry and the NocoDB sync, like every ledger change.
        sellers.save_seller(vendedor=obj, actor=f"admin:{request.user.get_username()}")


class DetalleInline(admin.TabularInline):
    model = Detalle
    extra = 0
    fields = ["descripcion", "cantidad", "precio", "importe_", "origen"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="precio unitario")
    def precio(self, obj: Detalle) -> str:
        return dinero(obj.precio_unitario) if obj.precio_unitario is not None else "—"

    @admin.display(description="importe")
    def importe_(self, obj: Detalle) -> str:
        return dinero(obj.importe)


class AuditoriaInline(AuditInWords, ReadOnly, admin.TabularInline):
    model = Auditoria
    extra = 0
    fields = ["creado", "que_paso", "cambios", "nota"]
    readonly_fields = fields
    ordering = ["creado", "id"]
    verbose_name_plural = "historial (auditoría)"


@admin.register(Venta)
class VentaAdmin(ReadOnly, admin.ModelAdmin):
    # Sales change only through the services: the desk for reviewers, Mattermost for sellers.
    # What a reviewer scans first: the state and why, then when, who, how much.
    list_display = [
        "estado",
        "motivo",
        "fecha_",
        "vendedor",
        "cliente",
        "monto_",
        "tubos",
        "comision_",
        "con_foto",
        "id",
    ]
    list_display_links = ["cliente", "id"]
    list_filter = ["estado", "motivo", "vendedor", MesDeVenta]
    list_select_related = ["vendedor"]
    search_fields = ["cliente", "vendedor__username", "vendedor__nombre", "post_id"]
    list_per_page = 50
    # A second COUNT(*) over the whole ledger on every filtered page is not worth its cost.
    show_full_result_count = False
    inlines = [DetalleInline, AuditoriaInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("vendedor", "fecha"),
                    ("cliente", "producto"),
                    ("monto_", "tubos", "comision_"),
                    ("estado", "motivo", "ronda_revision"),
                    "motivo_detalle",
                    "nota",
                ]
            },
        ),
        (
            "Evidencia del comprobante",
            {"fields": ["foto", "comparacion", "texto_ocr", "duplicado"]},
        ),
        (
            "Mattermost",
            {"fields": ["mensaje", ("post_id", "channel_id", "root_id"), "file_ids", "origen"]},
        ),
        (
            "Registro",
            {
                "classes": ["collapse"],
                "fields": [
                    ("comision_por_tubo", "comision_umbral"),
                    "clave_recibo",
                    ("version", "creado", "actualizado", "nocodb_id"),
                ],
            },
        ),
    ]
    readonly_fields = [
        *(f.name for f in Venta._meta.fields),
        "monto_",
        "comision_",
        "foto",
        "comparacion",
        "texto_ocr",
        "duplicado",
    ]

    def get_urls(self):
        def vista(funcion):
            return self.admin_site.admin_view(partial(funcion, self))

        return [
            path("revision/", vista(review_desk.queue_page), name="sales_venta_revision"),
            path("resumen/", vista(overview.overview_page), name="sales_venta_resumen"),
            path("resumen/csv/", vista(overview.export_csv), name="sales_venta_resumen_csv"),
            path(
                "<int:venta_id>/revisar/",
                vista(review_desk.review_page),
                name="sales_venta_revisar",
            ),
            path(
                "<int:venta_id>/comprobante/",
                vista(review_desk.photo),
                name="sales_venta_comprobante",
            ),
            path(
                "<int:venta_id>/pasar-a-revision/",
                vista(review_desk.send_to_review),
                name="sales_venta_pasar_a_revision",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="monto", ordering="monto")
    def monto_(self, obj: Venta) -> str:
        return dinero(obj.monto)

    @admin.display(description="comisión", ordering="comision")
    def comision_(self, obj: Venta) -> str:
        return dinero(obj.comision)

    @admin.display(description="fecha", ordering="fecha")
    def fecha_(self, obj: Venta) -> str:
        """`05/12 14:30` in the business's time zone; the year only when it is not this one."""
        local = timezone.localtime(obj.fecha)
        formato = "%d/%m %H:%M" if local.year == timezone.localdate().year else "%d/%m/%Y %H:%M"
        return local.strftime(formato)

    def changelist_view(self, request, extra_context=None):
        """The chosen month's totals above the list (this month's without a month filter)."""
        mes = overview.requested_month(request)
        extra_context = {**(extra_context or {}), "totales_mes": overview.month_totals(mes)}
        return super().changelist_view(request, extra_context)

    @admin.display(description="foto", boolean=True)
    def con_foto(self, obj: Venta) -> bool:
        return obj.comprobante_id is not None

    @admin.display(description="foto del ticket")
    def foto(self, obj: Venta) -> str:
        if not obj.comprobante_id:
            return "Sin foto del ticket."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" class="comprobante" '
            'alt="Comprobante de la venta #{}, con el total marcado" '
            'style="max-width: 340px; max-height: 520px"></a>',
            review_desk.photo_url(obj, completa="1"),
            review_desk.photo_url(obj),
            obj.pk,
        )

    @admin.display(description="escrito y leído")
    def comparacion(self, obj: Venta) -> str:
        leido = dinero(obj.monto_leido) if obj.monto_leido is not None else "—"
        diferencia = f"{obj.diferencia_pct:.2f} %" if obj.diferencia_pct is not None else "—"
        tubos = obj.tubos_leidos if obj.tubos_leidos is not None else "—"
        evidencia = (obj.lectura or {}).get("verificacion") or []
        por_que = f" El total leído es el del ticket: {', '.join(evidencia)}." if evidencia else ""
        return (
            f"Monto: escrito {dinero(obj.monto)}, leído {leido} (diferencia {diferencia}). "
            f"Tubos: escritos {obj.tubos}, leídos {tubos}.{por_que}"
        )

    @admin.display(description="texto leído por el OCR")
    def texto_ocr(self, obj: Venta) -> str:
        lectura = obj.lectura or {}
        if "error" in lectura:
            return f"No se pudo leer la foto ({lectura['error']})."
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', lectura.get("text", ""))

    @admin.display(description="duplicado de")
    def duplicado(self, obj: Venta) -> str:
        otra = obj.duplicado_de
        if otra is None:
            return "—"
        return format_html(
            '<a href="{}">Venta #{}</a> · {} · {} · {}',
            reverse("admin:sales_venta_change", args=[otra.pk]),
            otra.pk,
            otra.vendedor,
            dinero(otra.monto),
            otra.get_estado_display(),
        )


@admin.register(Meta)
class MetaAdmin(admin.ModelAdmin):
    list_display = ["vendedor", "mes_", "monto_", "tubos", "actualizado"]
    list_filter = [MesDeMeta, "vendedor"]
    list_select_related = ["vendedor"]
    search_fields = ["vendedor__username", "vendedor__nombre"]

    @admin.display(description="mes", ordering="mes")
    def mes_(self, obj: Meta) -> str:
        return nombre_mes(obj.mes)

    @admin.display(description="monto objetivo", ordering="monto")
    def monto_(self, obj: Meta) -> str:
        return dinero(obj.monto)

    def get_urls(self):
        pagina = self.admin_site.admin_view(partial(goals_desk.month_page, self))
        return [path("del-mes/", pagina, name="sales_meta_del_mes"), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        """Goals are set a month at a time, every seller in a row (sales/goals_desk.py)."""
        if request.method == "GET" and request.user.has_perms(goals_desk.PERMISOS):
            return redirect(reverse("admin:sales_meta_del_mes"))
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meta = self.get_object(request, object_id)
        if request.method == "GET" and meta and request.user.has_perms(goals_desk.PERMISOS):
            return redirect(f"{reverse('admin:sales_meta_del_mes')}?mes={meta.mes:%Y-%m}")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # Through the service: audit entry and NocoDB sync item in the same transaction.
        guardada = goals.set_goal(
            vendedor=obj.vendedor,
            mes=obj.mes,
            monto=obj.monto,
            tubos=obj.tubos,
            actor=request.user.get_username(),
            meta_id=obj.pk if change else None,
        )
        obj.pk, obj.mes = guardada.pk, guardada.mes

    def delete_model(self, request, obj):
        # Through the service too: the audit entry and the NocoDB row's removal.
        goals.remove_goal(meta_id=obj.pk, actor=request.user.get_username())

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for meta_id in queryset.values_list("pk", flat=True):
                goals.remove_goal(meta_id=meta_id, actor=request.user.get_username())


# The work in flight and the trail (events, notices, audit, reviewers' Mattermost accounts), and
# the month close's plans, closes, statements and adjustments register their own admins.
from sales import admin_work as _trabajo  # noqa: E402, F401
from sales.closing import admin as _cierre  # noqa: E402, F401
