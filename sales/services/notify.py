"""What a sale's change tells its seller: a reply in the post's thread and the reaction that
shows the sale's state, both through the reply outbox (`sales.replies`)."""

from __future__ import annotations

from django.conf import settings

from sales import cards, replies
from sales.models import REACCION_POR_ESTADO, AvisoMattermost, Estado, Venta
from sales.reports.figures import month_of, progress
from sales.texts import thread


def notify_state(venta: Venta, *, estado_anterior: str | None, clave: str) -> None:
    """Answer with the sale's new state (`clave` names the change: registro, foto, revision,
    correccion) and swap its reaction."""
    prog = progress(venta.vendedor, month_of(venta.fecha))
    if venta.estado == Estado.EN_REVISION:
        texto = thread.venta_en_revision(venta, prog)
    elif venta.estado == Estado.ESPERANDO_FOTO:
        texto = thread.foto_inservible(venta)
    elif clave == "correccion":
        texto = thread.venta_corregida(venta, prog)
    else:
        texto = thread.venta_registrada(venta, prog)
    if clave == "foto":
        texto = f"{thread.FOTO_RECIBIDA}\n{texto}"
    with replies.together():
        reply(venta, clave, texto)
        swap_reaction(venta, estado_anterior)


def reply(venta: Venta, tipo: str, texto: str) -> None:
    """The reply for this version of the sale (`tipo` names the change)."""
    replies.reply_in_thread(venta, clave=f"{venta.post_id}:{tipo}:v{venta.version}", mensaje=texto)


def swap_reaction(venta: Venta, estado_anterior: str | None) -> None:
    """A new state replaces the earlier reaction: remove the old emoji, add the new one. The
    sale's review card follows the same change."""
    follow_card(venta)
    viejo = REACCION_POR_ESTADO.get(estado_anterior) if estado_anterior else None
    nuevo = REACCION_POR_ESTADO.get(venta.estado)
    if viejo == nuevo:
        return
    base = f"{venta.post_id}:reaccion:v{venta.version}"
    if viejo:
        replies.react(venta=venta, **_on(venta), emoji=viejo, clave=f"{base}:-{viejo}", quitar=True)
    if nuevo:
        replies.react(venta=venta, **_on(venta), emoji=nuevo, clave=f"{base}:+{nuevo}")


def _on(venta: Venta) -> dict[str, str]:
    return {"post_id": venta.post_id, "channel_id": venta.channel_id}


def follow_card(venta: Venta) -> None:
    """A sale entering review gets its card in the reviewers' channel; a sale with a card has
    it updated on every change (decided, back in review, voided)."""
    if not cards.enabled():
        return
    tiene = AvisoMattermost.objects.filter(clave=cards.card_key(venta.pk)).exists()
    if tiene:
        replies.refresh_card(venta)
    elif venta.estado == Estado.EN_REVISION:
        replies.publish(
            clave=cards.card_key(venta.pk),
            mensaje=cards.message(venta),
            channel_id=settings.MATTERMOST_CANAL_REVISION,
            archivo=cards.evidence_files(venta),
            props=cards.props(venta),
            venta=venta,
        )
