"""Sellers as Mattermost knows them: the display name, filled in the worker when a seller is
first met (the webhook request never asks Mattermost anything)."""

from __future__ import annotations

import logging

from django.db import transaction

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError
from sales.models import Vendedor
from sales.services.sellers import save_seller

logger = logging.getLogger(__name__)


def fill_seller_name(vendedor_id: int) -> str:
    """Fill a seller's blank `nombre` from Mattermost (first and last name, else nickname).

    Best effort: the sale is already recorded, and a failure leaves the name blank (the admin
    shows @username) without retrying.
    """
    vendedor = Vendedor.objects.get(id=vendedor_id)
    if vendedor.nombre:
        return "skipped"
    try:
        nombre = client.display_name(client.get_user(vendedor.mm_user_id))
    except MattermostError as exc:
        logger.info("Seller @%s keeps a blank name, Mattermost failed: %s", vendedor.username, exc)
        return "failed"
    if not nombre:
        return "no-name"
    with transaction.atomic():
        vendedor = Vendedor.objects.select_for_update().get(id=vendedor_id)
        if vendedor.nombre:  # a reviewer typed one meanwhile: theirs wins
            return "skipped"
        vendedor.nombre = nombre[: Vendedor._meta.get_field("nombre").max_length]
        save_seller(vendedor=vendedor, actor="mattermost")
    return "ok"
