"""Sellers: the one behind a post (created when first met), and their edited data."""

from __future__ import annotations

from django.db import transaction

from integrations.mattermost import client
from integrations.mattermost.types import Post
from integrations.nocodb import outbox
from sales import queue
from sales.models import Vendedor
from sales.services.audit import record

# What a change of a seller's data is audited by (and pushed to NocoDB for).
AUDITED = ("username", "nombre", "activo", "oculto_en_ranking")


def seller_of(post: Post) -> Vendedor:
    vendedor, creado = Vendedor.objects.get_or_create(
        mm_user_id=post.user_id, defaults={"username": post.user_name}
    )
    if creado and client.configured():
        # The display name needs a Mattermost call: its own task, so it never holds up the
        # sale nor runs inside this transaction (sales/handlers/sellers.py).
        queue.enqueue("fill_seller_name", vendedor.id)
    if not creado and post.user_name and vendedor.username != post.user_name:
        vendedor.username = post.user_name
        vendedor.save(update_fields=["username", "actualizado"])
    return vendedor


def save_seller(*, vendedor: Vendedor, actor: str) -> Vendedor:
    """Save a seller's edited data (name, active) with an audit entry and the NocoDB sync."""
    with transaction.atomic():
        antes = Vendedor.objects.filter(pk=vendedor.pk).values(*AUDITED).first()
        vendedor.save()
        despues = {name: getattr(vendedor, name) for name in AUDITED}
        if antes != despues:
            record(
                actor=actor, accion="editar_vendedor", objeto=vendedor, antes=antes, despues=despues
            )
            outbox.record(vendedor)
        return vendedor
