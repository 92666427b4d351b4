"""A sale recorded through the listener, ready to be edited or deleted by its seller."""

from __future__ import annotations

from sales.models import EventoEntrante, Venta
from tests.listener.support import SALE, stored


def recorded_sale(mm, worker, channel=None, message: str = SALE) -> tuple[dict, Venta]:
    post = mm.seller_client.post(channel or mm.seller_dm, message)
    stored(mm, post)
    worker()
    return post, Venta.objects.get(post_id=post["id"])


def edit(mm, worker, post: dict, message: str) -> EventoEntrante:
    edited = mm.seller_client.edit(post, message)
    clave = f"{post['id']}:editado:{edited['edit_at']}"
    evento = mm.mm.wait_for(
        lambda: EventoEntrante.objects.filter(clave=clave).first(), message=f"no event {clave}"
    )
    worker()
    evento.refresh_from_db()
    return evento
