"""A sale's life in the ledger: registered from a message, a photo attached later, corrected by
an edit, voided by a delete. Each operation runs in one transaction, audits, answers the seller
and records the NocoDB sync item."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from integrations.mattermost.types import Post
from integrations.nocodb import outbox
from sales import receipts, replies, rules
from sales.closing import adjustments, plans
from sales.models import ESTADOS_DECIDIDOS, Detalle, Estado, EventoEntrante, Motivo, Venta
from sales.parsing import MensajeVenta
from sales.rules import Evaluacion
from sales.services.audit import SISTEMA, audit, snapshot
from sales.services.notify import notify_state, swap_reaction
from sales.services.review import Revision, flag
from sales.services.sellers import seller_of
from sales.texts import thread


def register_sale(
    *,
    post: Post,
    mensaje: MensajeVenta,
    fuente: str,
    evaluacion: Evaluacion | None = None,
    actor: str = SISTEMA,
) -> Venta:
    """Record the sale a post reports, in the state the receipt checks decided, and answer.

    Without an evaluation (no photo was read) VENTA_REQUIERE_COMPROBANTE decides: flagged
    `sin_comprobante`, or registered. Idempotent on the post id: a second call returns the
    existing sale.
    """
    with transaction.atomic():
        existente = Venta.objects.filter(post_id=post.id).first()
        if existente:
            return existente
        venta = _new_sale(post, mensaje, fuente)
        evaluacion = evaluacion or rules.evaluate(mensaje, None)
        _apply_evaluation(venta, evaluacion)
        plans.price_for_its_month(venta)
        venta.save()
        _create_items(venta, mensaje, evaluacion.detalles_leidos)
        audit(venta, actor=actor, accion="registrar", antes=None)
        notify_state(venta, estado_anterior=None, clave="registro")
        outbox.record(venta)
        # A sale that arrives for a month already closed (a late post) is paid next month.
        adjustments.record_adjustment(venta=venta, actor=actor)
        return venta


def _new_sale(post: Post, mensaje: MensajeVenta, fuente: str) -> Venta:
    """The sale, unsaved and not yet priced (`plans.price_for_its_month`)."""
    return Venta(
        vendedor=seller_of(post),
        cliente=mensaje.cliente,
        monto=mensaje.monto,
        tubos=mensaje.tubos,
        producto=mensaje.producto,
        nota=mensaje.nota,
        fecha=post.created,
        post_id=post.id,
        channel_id=post.channel_id,
        root_id=post.thread,
        mensaje=post.message,
        file_ids=list(post.file_ids),
        origen=fuente,
    )


def attach_receipt(*, venta: Venta, evaluacion: Evaluacion, actor: str = SISTEMA) -> Venta:
    """A photo sent later (in the sale's thread, or after a retake was asked) is judged and
    attached to the same sale: it is never counted twice."""
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if not rules.accepts_photo(venta):
            return venta
        antes, estado_anterior = snapshot(venta), venta.estado
        _apply_evaluation(venta, evaluacion)
        venta.version += 1
        venta.save()
        venta.detalles.filter(origen=Detalle.Origen.RECIBO).delete()
        for item in evaluacion.detalles_leidos:
            Detalle.objects.create(venta=venta, origen=Detalle.Origen.RECIBO, **item)
        audit(venta, actor=actor, accion="adjuntar_comprobante", antes=antes)
        notify_state(venta, estado_anterior=estado_anterior, clave="foto")
        outbox.record(venta)
        adjustments.record_adjustment(venta=venta, actor=actor)
        return venta


def _apply_evaluation(venta: Venta, evaluacion: Evaluacion, *, evidencia: bool = True) -> None:
    """State, reason and (unless `evidencia` is False: a re-judgement of the same photo) the
    receipt evidence; entering review opens a new review round."""
    if evaluacion.estado == Estado.EN_REVISION and venta.estado != Estado.EN_REVISION:
        venta.ronda_revision += 1
    venta.estado = evaluacion.estado
    venta.motivo = evaluacion.motivo
    venta.motivo_detalle = evaluacion.detalle
    venta.duplicado_de = evaluacion.duplicado_de
    venta.diferencia_pct = evaluacion.diferencia_pct
    if evaluacion.foto is not None and evidencia:
        _keep_evidence(venta, evaluacion.foto)
    if venta.lectura is not None and "error" not in venta.lectura:
        # Why the typed amount was (or was not) taken as the receipt's total, for the reviewer.
        venta.lectura = {**venta.lectura, "verificacion": list(evaluacion.verificacion)}
        if venta.monto_leido is None and evaluacion.total_verificado is not None:
            venta.monto_leido = evaluacion.total_verificado


def _keep_evidence(venta: Venta, foto: receipts.Foto) -> None:
    reading = foto.reading
    venta.comprobante = receipts.save_receipt(foto)
    venta.lectura = reading.to_dict() if reading else {"error": foto.error.code}
    venta.monto_leido = reading.total if reading else None
    venta.tubos_leidos = reading.tubos if reading else None
    venta.clave_recibo = (rules.duplicate_key(reading) or "") if reading else ""


def _create_items(venta: Venta, mensaje: MensajeVenta, leidos: list[dict[str, Any]]) -> None:
    if mensaje.producto:
        Detalle.objects.create(
            venta=venta,
            descripcion=mensaje.producto,
            cantidad=Decimal(mensaje.tubos or 1),
            precio_unitario=(mensaje.monto / mensaje.tubos).quantize(Decimal("0.01"))
            if mensaje.tubos
            else mensaje.monto,
            importe=mensaje.monto,
            origen=Detalle.Origen.TECLEADO,
        )
    for item in leidos:
        Detalle.objects.create(venta=venta, origen=Detalle.Origen.RECIBO, **item)


def register_invalid(*, evento: EventoEntrante, post: Post, problema: str) -> None:
    """A sales attempt with a missing or malformed field: no sale, a Spanish reply, ✗."""
    clave = f"{post.id}:invalido:{evento.id}"
    en = {"post_id": post.id, "channel_id": post.channel_id}
    replies.reply(
        venta=None,
        **en,
        root_id=post.thread,
        clave=clave,
        mensaje=thread.mensaje_invalido(problema),
    )
    replies.react(venta=None, **en, emoji="x", clave=f"{clave}:x")


def correct_sale(*, venta: Venta, mensaje: MensajeVenta, actor: str, nota: str = "") -> Venta:
    """Apply corrected data to a sale not yet decided by a reviewer: the receipt it already
    has is judged again against the new data, and the commission follows.

    A sale a reviewer already decided is not changed: it goes back to review
    (`editada_tras_decision`) with a new round.
    """
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if venta.estado == Estado.ANULADA:
            return venta
        if venta.estado in ESTADOS_DECIDIDOS:
            return flag(venta, Revision(Motivo.EDITADA_TRAS_DECISION, nota), actor)
        antes, estado_anterior = snapshot(venta), venta.estado
        _apply_message(venta, mensaje)
        venta.version += 1
        venta.save()
        venta.detalles.filter(origen=Detalle.Origen.TECLEADO).delete()
        _create_items(venta, mensaje, [])
        audit(venta, actor=actor, accion="corregir", antes=antes, nota=nota)
        notify_state(venta, estado_anterior=estado_anterior, clave="correccion")
        outbox.record(venta)
        adjustments.record_adjustment(venta=venta, actor=actor)
        return venta


def _apply_message(venta: Venta, mensaje: MensajeVenta) -> None:
    venta.cliente, venta.monto, venta.tubos = mensaje.cliente, mensaje.monto, mensaje.tubos
    venta.producto, venta.nota = mensaje.producto, mensaje.nota
    venta.comision = plans.commission_of(venta)
    foto = receipts.photo_of(venta)
    if venta.estado != Estado.ESPERANDO_FOTO or foto is None:
        _apply_evaluation(venta, rules.evaluate(mensaje, foto, venta=venta), evidencia=False)


def void_sale(*, venta: Venta, actor: str, nota: str = "") -> Venta:
    """The post was deleted: the sale stays in the ledger as `anulada`, its commission reversed."""
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if venta.estado == Estado.ANULADA:
            return venta
        antes, estado_anterior = snapshot(venta), venta.estado
        venta.estado = Estado.ANULADA
        venta.comision = Decimal("0.00")
        venta.version += 1
        venta.save()
        audit(venta, actor=actor, accion="anular", antes=antes, nota=nota)
        swap_reaction(venta, estado_anterior)
        outbox.record(venta)
        adjustments.record_adjustment(venta=venta, actor=actor)
        return venta
