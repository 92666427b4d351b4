"""A seller edits or deletes the post that reported a sale: the sale follows (worker side).

* An edit of a sale no reviewer decided yet is read again and applied with
  `ledger.correct_sale`: the receipt is judged again against the new data, the commission
  and NocoDB follow, and the thread hears about it. A sale a reviewer already decided is not
  changed: the same service flags it again (`editada_tras_decision`).
* An edit that fixes an invalid attempt (no sale yet) sends the post through the normal path.
* A delete voids the sale with `ledger.void_sale`: it stays in the ledger as `anulada`,
  its commission reversed, with an audit entry.

Both wait until the post itself was processed, and an edit older than another one of the same
post is skipped, so whatever order the events arrive in, the last text wins.
"""

from __future__ import annotations

from django.db import transaction

from integrations.mattermost.types import Post
from sales import events, queue, replies
from sales.events import TASK_BY_KIND, R
from sales.models import ESTADOS_DECIDIDOS, Estado, EventoEntrante, Venta
from sales.parsing import MensajeVenta, read_message
from sales.services import ledger
from sales.texts import thread

NOT_YET = "la publicación aún no se procesa"


@events.guarded
def process_edit(evento_id: int) -> str:
    evento, original = _ready(evento_id)
    if evento is None:
        return original
    post = Post.from_payload(evento.payload)
    if _newer_edit_exists(evento):
        return events.close(evento, R.IGNORADO, "ignored")
    mensaje, problema = read_message(post.message)
    venta = Venta.objects.filter(post_id=post.id).first()
    if venta is None:
        return _without_sale(evento, original, post, mensaje, problema)
    if mensaje is None:
        return _invalid_edit(evento, venta, problema)
    if _unchanged(venta, mensaje) or venta.estado == Estado.ANULADA:
        return events.close(evento, R.IGNORADO, "ignored")
    return _correct(evento, venta, post, mensaje)


@events.guarded
def process_delete(evento_id: int) -> str:
    evento, original = _ready(evento_id)
    if evento is None:
        return original
    post = Post.from_payload(evento.payload)
    venta = Venta.objects.filter(post_id=post.id).first()
    if venta is None or venta.estado == Estado.ANULADA:
        return events.close(evento, R.IGNORADO, "ignored")
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        evento.venta = ledger.void_sale(
            venta=venta, actor=_who_deleted(post, venta), nota=thread.NOTA_BORRADA
        )
        return events.close(evento, R.VENTA, "voided")


def _ready(evento_id: int):
    """(the pending event, its post's own event) — or (None, outcome) when there is nothing to
    do yet: already settled, or the post itself still waits to be processed."""
    evento = events.pending(evento_id)
    if evento is None:
        return None, "skipped"
    original = EventoEntrante.objects.filter(clave=evento.post_id).first()
    if original is not None and original.resultado == R.PENDIENTE:
        return None, events.retry_later(evento, NOT_YET)
    return evento, original


def _correct(evento: EventoEntrante, venta: Venta, post: Post, mensaje: MensajeVenta) -> str:
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        decidida = venta.estado in ESTADOS_DECIDIDOS
        evento.venta = ledger.correct_sale(
            venta=venta,
            mensaje=mensaje,
            actor=f"@{venta.vendedor.username}",
            nota=thread.nota_editada(post.message),
        )
        return events.close(evento, R.VENTA, "flagged" if decidida else "corrected")


def _newer_edit_exists(evento: EventoEntrante) -> bool:
    edit_at = int(evento.payload.get("edit_at") or 0)
    otras = EventoEntrante.objects.filter(
        post_id=evento.post_id, tipo=EventoEntrante.Tipo.EDITADO
    ).exclude(id=evento.id)
    return any(
        int(p.get("edit_at") or 0) > edit_at for p in otras.values_list("payload", flat=True)
    )


def _unchanged(venta: Venta, mensaje: MensajeVenta) -> bool:
    actual = (venta.monto, venta.cliente, venta.tubos, venta.producto, venta.nota)
    return actual == (mensaje.monto, mensaje.cliente, mensaje.tubos, mensaje.producto, mensaje.nota)


def _without_sale(
    evento: EventoEntrante,
    original: EventoEntrante | None,
    post: Post,
    mensaje: MensajeVenta | None,
    problema: str,
) -> str:
    """An edit of a post without a sale: an attempt being fixed, or nothing to do."""
    if original is None or original.venta_id or (mensaje is None and not problema):
        return events.close(evento, R.IGNORADO, "ignored")
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        if mensaje is None:
            ledger.register_invalid(evento=evento, post=post, problema=problema)
            return events.close(evento, R.INVALIDO, "invalid")
        _reprocess(original, post, evento)
        return events.close(evento, R.VENTA, "reprocessed")


def _reprocess(original: EventoEntrante, post: Post, edicion: EventoEntrante) -> None:
    """The post now reads as a sale: its own event goes through the normal path again, with the
    edited text, and the ✗ of the failed attempt goes away."""
    original = EventoEntrante.objects.select_for_update().get(id=original.id)
    root_id = original.payload.get("root_id")
    original.payload = {
        **original.payload,
        "message": post.message,
        "file_ids": list(post.file_ids),
        "root_id": post.root_id if root_id is None else root_id,
    }
    original.resultado, original.intentos, original.procesado = R.PENDIENTE, 0, None
    original.save()
    queue.enqueue(TASK_BY_KIND[original.tipo], original.id)
    replies.react(
        venta=None,
        post_id=post.id,
        channel_id=post.channel_id,
        emoji="x",
        clave=f"{edicion.clave}:-x",
        quitar=True,
    )


def _invalid_edit(evento: EventoEntrante, venta: Venta, problema: str) -> str:
    """The edited text does not read as a sale: the sale stays as it was, and the thread says so."""
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        texto = thread.edicion_invalida(venta, problema)
        replies.reply_in_thread(venta, clave=f"{evento.clave}:invalida", mensaje=texto)
        return events.close(evento, R.INVALIDO, "invalid")


def _who_deleted(post: Post, venta: Venta) -> str:
    # Mattermost records who deleted a post in its props (`deleteBy`).
    quien = str(post.props.get("deleteBy") or "")
    if not quien or quien == venta.vendedor.mm_user_id:
        return f"@{venta.vendedor.username}"
    return f"mattermost:{quien}"
