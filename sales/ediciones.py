"""A seller edits or deletes the post that reported a sale: the sale follows (worker side).

* An edit of a sale no reviewer decided yet is read again and applied with
  `services.corregir_venta`: the receipt is judged again against the new data, the commission
  and NocoDB follow, and the thread hears about it. A sale a reviewer already decided is not
  changed: the same service flags it again (`editada_tras_decision`).
* An edit that fixes an invalid attempt (no sale yet) sends the post through the normal path.
* A delete voids the sale with `services.anular_venta`: it stays in the ledger as `anulada`,
  its commission reversed, with an audit entry.

Both wait until the post itself was processed, and an edit older than another one of the same
post is skipped, so whatever order the events arrive in, the last text wins.
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.utils import timezone

from integrations.mattermost.events import IncomingPost
from sales import avisos, eventos, services
from sales.models import ESTADOS_DECIDIDOS, Estado, EventoEntrante, Venta
from sales.parsing import MensajeVenta, ParseError, parse_message

Resultado = Literal[
    "corregida", "marcada", "reprocesada", "invalida", "anulada", "ignorado", "retry", "gave-up",
    "skipped",
]  # fmt: skip
R = EventoEntrante.Resultado


def procesar_edicion(evento_id: int) -> Resultado:
    from sales.tasks import procesar_edicion as tarea

    evento = EventoEntrante.objects.get(id=evento_id)
    if evento.resultado != R.PENDIENTE:
        return "skipped"
    post = IncomingPost.from_payload(evento.payload)
    original = EventoEntrante.objects.filter(clave=post.post_id).first()
    if original is not None and original.resultado == R.PENDIENTE:
        return eventos.reprogramar(evento, "la publicación aún no se procesa", tarea)
    if _hay_edicion_posterior(evento):
        return _cerrar(evento, R.IGNORADO, "ignorado")
    try:
        mensaje, problema = parse_message(post.message), ""
    except ParseError as exc:
        mensaje, problema = None, exc.mensaje
    venta = Venta.objects.filter(post_id=post.post_id).first()
    if venta is None:
        return _sin_venta(evento, original, post, mensaje, problema)
    if mensaje is None:
        return _edicion_invalida(evento, venta, problema)
    if _sin_cambios(venta, mensaje) or venta.estado == Estado.ANULADA:
        return _cerrar(evento, R.IGNORADO, "ignorado")
    with transaction.atomic():
        if not _bloquear(evento):
            return "skipped"
        decidida = venta.estado in ESTADOS_DECIDIDOS
        evento.venta = services.corregir_venta(
            venta=venta,
            mensaje=mensaje,
            actor=f"@{venta.vendedor.username}",
            nota=f"Mensaje editado en Mattermost: «{post.message}»",
        )
        return _cerrar(evento, R.VENTA, "marcada" if decidida else "corregida")


def procesar_borrado(evento_id: int) -> Resultado:
    from sales.tasks import procesar_borrado as tarea

    evento = EventoEntrante.objects.get(id=evento_id)
    if evento.resultado != R.PENDIENTE:
        return "skipped"
    post = IncomingPost.from_payload(evento.payload)
    original = EventoEntrante.objects.filter(clave=post.post_id).first()
    if original is not None and original.resultado == R.PENDIENTE:
        return eventos.reprogramar(evento, "la publicación aún no se procesa", tarea)
    venta = Venta.objects.filter(post_id=post.post_id).first()
    if venta is None or venta.estado == Estado.ANULADA:
        return _cerrar(evento, R.IGNORADO, "ignorado")
    with transaction.atomic():
        if not _bloquear(evento):
            return "skipped"
        evento.venta = services.anular_venta(
            venta=venta, actor=_quien_borro(post, venta), nota="Publicación borrada en Mattermost."
        )
        return _cerrar(evento, R.VENTA, "anulada")


def _hay_edicion_posterior(evento: EventoEntrante) -> bool:
    edit_at = int(evento.payload.get("edit_at") or 0)
    otras = EventoEntrante.objects.filter(
        post_id=evento.post_id, tipo=EventoEntrante.Tipo.EDITADO
    ).exclude(id=evento.id)
    return any(
        int(p.get("edit_at") or 0) > edit_at for p in otras.values_list("payload", flat=True)
    )


def _sin_cambios(venta: Venta, mensaje: MensajeVenta) -> bool:
    actual = (venta.monto, venta.cliente, venta.tubos, venta.producto, venta.nota)
    return actual == (mensaje.monto, mensaje.cliente, mensaje.tubos, mensaje.producto, mensaje.nota)


def _sin_venta(
    evento: EventoEntrante,
    original: EventoEntrante | None,
    post: IncomingPost,
    mensaje: MensajeVenta | None,
    problema: str,
) -> Resultado:
    """An edit of a post without a sale: an attempt being fixed, or nothing to do."""
    if original is None or original.venta_id or (mensaje is None and not problema):
        return _cerrar(evento, R.IGNORADO, "ignorado")
    if mensaje is None:
        with transaction.atomic():
            if not _bloquear(evento):
                return "skipped"
            services.registrar_invalido(evento=evento, post=post, problema=problema)
            return _cerrar(evento, R.INVALIDO, "invalida")
    with transaction.atomic():
        if not _bloquear(evento):
            return "skipped"
        _reprocesar(original, post, evento)
        return _cerrar(evento, R.VENTA, "reprocesada")


def _reprocesar(original: EventoEntrante, post: IncomingPost, edicion: EventoEntrante) -> None:
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
    eventos.tareas_por_tipo()[original.tipo].enqueue(original.id)
    avisos.reaccionar(
        venta=None,
        post_id=post.post_id,
        channel_id=post.channel_id,
        emoji="x",
        clave=f"{edicion.clave}:-x",
        quitar=True,
    )


def _edicion_invalida(evento: EventoEntrante, venta: Venta, problema: str) -> Resultado:
    """The edited text does not read as a sale: the sale stays as it was, and the thread says so."""
    from sales import consultas

    with transaction.atomic():
        if not _bloquear(evento):
            return "skipped"
        avisos.responder(
            venta=venta,
            post_id=venta.post_id,
            channel_id=venta.channel_id,
            root_id=venta.root_id,
            clave=f"{evento.clave}:invalida",
            mensaje=consultas.edicion_invalida(venta, problema),
        )
        return _cerrar(evento, R.INVALIDO, "invalida")


def _quien_borro(post: IncomingPost, venta: Venta) -> str:
    # Mattermost records who deleted a post in its props (`deleteBy`).
    quien = str(post.props.get("deleteBy") or "")
    if not quien or quien == venta.vendedor.mm_user_id:
        return f"@{venta.vendedor.username}"
    return f"mattermost:{quien}"


def _bloquear(evento: EventoEntrante) -> bool:
    """Lock the event row; False when another worker already processed it."""
    pendiente = EventoEntrante.objects.select_for_update().filter(
        id=evento.id, resultado=R.PENDIENTE
    )
    return pendiente.exists()


def _cerrar(evento: EventoEntrante, estado: str, resultado: Resultado) -> Resultado:
    evento.resultado = estado
    evento.procesado = timezone.now()
    evento.ultimo_error = ""
    evento.save()
    return resultado
