"""The review desk: the queue of sales waiting for a person, each with its evidence, and the
decision form. Decisions go through `sales.services.review.decide_review` (audit, commission,
Mattermost reply and reaction, NocoDB sync); these views only parse, check permissions and show.

Reached from the admin (`VentaAdmin.get_urls`): `/admin/sales/venta/revision/` is the queue,
`/admin/sales/venta/<id>/revisar/` one sale's desk, `/admin/sales/venta/<id>/comprobante/`
its photo with the total outlined.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from sales import evidence
from sales.models import Auditoria, Estado, Motivo, Venta
from sales.permissions import DECIDIR, VER_VENTAS
from sales.review_form import DecisionForm
from sales.review_queue import Filtros, after_decision, neighbours
from sales.services.review import Revision, VentaYaDecidida, decide_review, flag_for_review
from sales.texts import audit as audit_texts
from sales.texts import dinero, nombre_mes

# A sale still waiting for a usable photo after this long shows up in the queue too.
ESPERA_FOTO = dt.timedelta(days=1)
POR_PAGINA = 20


# --- What the desk shows -------------------------------------------------------------------------


def with_evidence(ventas: QuerySet[Venta]) -> QuerySet[Venta]:
    """Sales with everything a card shows, in one query: the OCR text is read out of the JSON
    reading, whose words and boxes the card does not need."""
    return (
        ventas.select_related(
            "vendedor", "comprobante", "duplicado_de__vendedor", "duplicado_de__comprobante"
        )
        .defer("lectura", "duplicado_de__lectura")
        .annotate(
            texto_ocr=KT("lectura__text"),
            error_ocr=KT("lectura__error"),
            total_motivo=KT("lectura__total_motivo"),
            fecha_ticket=KT("lectura__fecha"),
            qr_formato=KT("lectura__qr__formato"),
            qr_total=KT("lectura__qr__total"),
            qr_fecha=KT("lectura__qr__fecha"),
            qr_documento=KT("lectura__qr__documento"),
        )
    )


def in_review() -> QuerySet[Venta]:
    return with_evidence(Venta.objects.filter(estado=Estado.EN_REVISION)).order_by("fecha", "id")


def waiting_for_a_photo(ahora: dt.datetime | None = None) -> QuerySet[Venta]:
    limite = (ahora or timezone.now()) - ESPERA_FOTO
    ventas = Venta.objects.filter(estado=Estado.ESPERANDO_FOTO, fecha__lt=limite)
    return with_evidence(ventas).order_by("fecha", "id")


def photo_url(venta: Venta, **extra: str) -> str:
    """The photo's address; the receipt's hash in it lets the browser cache it until it changes."""
    url = reverse("admin:sales_venta_comprobante", args=[venta.pk])
    version = venta.comprobante.sha256[:12] if venta.comprobante_id else ""
    query = "&".join(f"{k}={v}" for k, v in {"v": version, **extra}.items())
    return f"{url}?{query}"


def change_summary(entrada: Auditoria) -> str:
    """What an audit entry changed, in words: `estado: En revisión → Aprobada · monto: ...`."""
    return audit_texts.changes(entrada.antes, entrada.despues, _ETIQUETAS)


_ETIQUETAS = {"estado": dict(Estado.choices), "motivo": dict(Motivo.choices)}


# --- Views (wired in VentaAdmin.get_urls, behind admin_site.admin_view: staff only) -------------


def require(request: HttpRequest, permiso: str) -> None:
    if not request.user.has_perm(permiso):
        raise PermissionDenied


def queue_page(model_admin, request: HttpRequest) -> HttpResponse:
    """The queue: flagged sales oldest first, then sales waiting over a day for a photo."""
    require(request, VER_VENTAS)
    filtros = Filtros.read(request.GET)
    ventas = filtros.apply(in_review())
    pagina = Paginator(ventas, POR_PAGINA).get_page(request.GET.get("pagina"))
    esperando = list(waiting_for_a_photo()[:POR_PAGINA])
    vendedores, meses = _filter_choices()
    contexto = {
        "title": "Cola de revisión",
        "pagina": pagina,
        "tarjetas": [_card(request, v, filtros=filtros) for v in pagina],
        "esperando": [_card(request, v) for v in esperando],
        "motivos": [(m.value, m.label) for m in Motivo if m.value],
        "motivo": filtros.motivo,
        "filtros": filtros,
        "vendedores": vendedores,
        "meses": meses,
    }
    return _show(model_admin, request, "admin/sales/venta/revision/cola.html", contexto)


def review_page(model_admin, request: HttpRequest, venta_id: int) -> HttpResponse:
    """One sale's desk: its evidence, its history and, while in review, the decision."""
    require(request, VER_VENTAS)
    venta = get_object_or_404(with_evidence(Venta.objects.all()), pk=venta_id)
    filtros = Filtros.read(request.POST if request.method == "POST" else request.GET)
    en_revision = filtros.apply(Venta.objects.filter(estado=Estado.EN_REVISION))
    form = None
    if request.method == "POST":
        require(request, DECIDIR)
        form = DecisionForm(venta, request.POST)
        if form.is_valid():
            if _decide(request, venta, form):
                return _open_next(venta, en_revision, filtros)
            return redirect(_sale_url(venta.pk, filtros))
        messages.error(request, "No se registró la decisión: " + _errors(form))
    anterior, siguiente = neighbours(venta, en_revision)
    contexto = {
        "title": f"Revisión de la venta #{venta.pk}",
        "venta": venta,
        "tarjeta": _card(request, venta, form, filtros=filtros),
        "historial": [
            (entrada, change_summary(entrada))
            for entrada in venta.auditoria.order_by("creado", "id")
        ],
        "anterior": _sale_url(anterior, filtros) if anterior else "",
        "siguiente": _sale_url(siguiente, filtros) if siguiente else "",
        "cola": _queue_url(filtros),
    }
    return _show(model_admin, request, "admin/sales/venta/revision/venta.html", contexto)


def _sale_url(venta_id: int, filtros: Filtros) -> str:
    url = reverse("admin:sales_venta_revisar", args=[venta_id])
    return f"{url}?{filtros.query()}" if filtros.query() else url


def _open_next(venta: Venta, en_revision, filtros: Filtros) -> HttpResponse:
    """After a decision, the next sale in review (within the filters), or the queue (which
    then says none is left)."""
    siguiente = after_decision(venta, en_revision)
    if siguiente is None:
        return redirect(_queue_url(filtros))
    return redirect(_sale_url(siguiente, filtros))


def _queue_url(filtros: Filtros) -> str:
    url = reverse("admin:sales_venta_revision")
    return f"{url}?{filtros.query()}" if filtros.query() else url


def _filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(sellers, months) with sales in review, for the queue's filters: one query."""
    filas = (
        Venta.objects.filter(estado=Estado.EN_REVISION)
        .annotate(mes=TruncMonth("fecha"))
        .values_list("vendedor__username", "vendedor__nombre", "mes")
        .distinct()
    )
    vendedores, meses = {}, set()
    for username, nombre, mes in filas:
        vendedores[username] = nombre or f"@{username}"
        meses.add(mes.date() if isinstance(mes, dt.datetime) else mes)
    return (
        sorted(vendedores.items(), key=lambda par: par[1].casefold()),
        [(f"{m:%Y-%m}", nombre_mes(m)) for m in sorted(meses, reverse=True)],
    )


def _decide(request: HttpRequest, venta: Venta, form: DecisionForm) -> bool:
    datos = form.cleaned_data
    misma_ronda = venta.estado == Estado.EN_REVISION and venta.ronda_revision == datos["ronda"]
    if misma_ronda and venta.version != datos["version"]:
        messages.error(
            request,
            f"La venta #{venta.pk} cambió mientras la revisabas (llegó otra foto o se "
            "editó el mensaje). Revisa de nuevo la evidencia y decide.",
        )
        return False
    try:
        decidida = decide_review(
            venta=venta,
            ronda=datos["ronda"],
            version=datos["version"],
            revisor=request.user.get_username(),
            nombre_revisor=request.user.get_full_name().strip(),
            **form.decision_kwargs(),
        )
    except VentaYaDecidida:
        messages.error(
            request,
            f"Esta revisión de la venta #{venta.pk} ya estaba decidida (otra persona la decidió "
            "o la venta cambió). No se registró tu decisión.",
        )
        return False
    if decidida.estado == Estado.APROBADA:
        messages.success(
            request,
            f"Venta #{decidida.pk} aprobada: {dinero(decidida.monto)}, {decidida.tubos} tubos, "
            f"comisión {dinero(decidida.comision)}. Se avisó al vendedor en Mattermost.",
        )
    else:
        messages.success(
            request, f"Venta #{decidida.pk} rechazada. Se avisó al vendedor en Mattermost."
        )
    return True


def _errors(form: DecisionForm) -> str:
    return " ".join(str(e) for errores in form.errors.values() for e in errores)


def send_to_review(model_admin, request: HttpRequest, venta_id: int) -> HttpResponse:
    """A sale stuck waiting for a photo goes to review, where a reviewer can settle it."""
    require(request, DECIDIR)
    if request.method != "POST":
        return redirect("admin:sales_venta_revisar", venta_id)
    venta = get_object_or_404(Venta, pk=venta_id)
    if venta.estado != Estado.ESPERANDO_FOTO:
        messages.error(request, f"La venta #{venta.pk} ya no está esperando foto.")
        return redirect("admin:sales_venta_revisar", venta.pk)
    revision = (
        Revision(Motivo.TOTAL_ILEGIBLE, "La foto no sirvió y no llegó otra.")
        if venta.comprobante_id
        else Revision(Motivo.SIN_COMPROBANTE, "No llegó la foto del ticket.")
    )
    flag_for_review(venta=venta, revision=revision, actor=request.user.get_username())
    messages.success(request, f"La venta #{venta.pk} pasó a revisión.")
    return redirect("admin:sales_venta_revisar", venta.pk)


def photo(model_admin, request: HttpRequest, venta_id: int) -> HttpResponse:
    """The sale's receipt with its total outlined, for staff who may see sales; never public."""
    require(request, VER_VENTAS)
    venta = get_object_or_404(
        Venta.objects.select_related("comprobante"), pk=venta_id, comprobante__isnull=False
    )
    try:
        imagen = evidence.outlined_photo(
            venta.comprobante, venta.lectura, completa="completa" in request.GET
        )
    except evidence.SinImagen as exc:
        raise Http404("No hay imagen que mostrar para esta venta.") from exc
    respuesta = HttpResponse(imagen, content_type="image/jpeg")
    respuesta["Cache-Control"] = "private, max-age=3600"
    respuesta["Content-Disposition"] = f'inline; filename="venta-{venta.pk}.jpg"'
    return respuesta


def _card(
    request: HttpRequest,
    venta: Venta,
    form: DecisionForm | None = None,
    *,
    filtros: Filtros | None = None,
):
    """What one card shows; the decision form only while the sale is in review."""
    puede = request.user.has_perm(DECIDIR)
    if venta.estado != Estado.EN_REVISION or not puede:
        form = None
    elif form is None:
        form = DecisionForm(venta)
    otra = venta.duplicado_de if venta.motivo == Motivo.DUPLICADO else None
    return {
        "venta": venta,
        "form": form,
        "puede_decidir": puede,
        "foto": photo_url(venta) if venta.comprobante_id else "",
        "foto_completa": photo_url(venta, completa="1") if venta.comprobante_id else "",
        "otra": otra,
        "foto_otra": photo_url(otra) if otra and otra.comprobante_id else "",
        "filtros": filtros or Filtros(),
        "fecha_ticket": ticket_date(venta),
        "fiscal": fiscal_code(venta),
    }


def ticket_date(venta: Venta) -> dict[str, Any] | None:
    """The date read on the ticket (or its fiscal code) and whether it is the sale's."""
    try:
        fecha = dt.date.fromisoformat(getattr(venta, "fecha_ticket", None) or "")
    except ValueError:
        return None
    return {"fecha": fecha, "distinta": fecha != timezone.localtime(venta.fecha).date()}


FORMATOS_FISCALES = {
    "cfdi": "CFDI (México)",
    "afip": "AFIP (Argentina)",
    "verifactu": "VeriFactu (España)",
    "ticketbai": "TicketBAI (España)",
    "sunat": "SUNAT (Perú)",
    "dian": "DIAN (Colombia)",
}


def fiscal_code(venta: Venta) -> dict[str, Any] | None:
    """The fiscal code read on the photo, as the card shows it beside the photo."""
    formato = getattr(venta, "qr_formato", None)
    if not formato:
        return None
    return {
        "formato": FORMATOS_FISCALES.get(formato, formato),
        "total": Decimal(venta.qr_total),
        "fecha": dt.date.fromisoformat(venta.qr_fecha) if venta.qr_fecha else None,
        "documento": venta.qr_documento,
    }


def _show(model_admin, request, plantilla: str, contexto: dict[str, Any]) -> TemplateResponse:
    contexto = {
        **model_admin.admin_site.each_context(request),
        "opts": Venta._meta,
        "cola_url": reverse("admin:sales_venta_revision"),
        **contexto,
    }
    return TemplateResponse(request, plantilla, contexto)
