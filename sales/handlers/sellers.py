"""Sellers as Mattermost knows them: the display name, filled in the worker when a seller is
first met (the webhook request never asks Mattermost anything)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError
from sales import queue, retry
from sales.models import Vendedor
from sales.services.sellers import save_seller

logger = logging.getLogger(__name__)


# Once the events' schedule is spent, a seller still without a name is looked up again daily.
DAILY = dt.timedelta(days=1)


def fill_seller_name(vendedor_id: int, intento: int = 0) -> str:
    """Fill a seller's blank `nombre` from Mattermost (first and last name, else nickname).

    The sale is already recorded; meanwhile the admin shows @username. A Mattermost that fails
    or is down is asked again on the EVENTO_REINTENTOS schedule, then once a day, so the name
    arrives when Mattermost answers; an account Mattermost does not show stays blank.
    """
    vendedor = Vendedor.objects.get(id=vendedor_id)
    if vendedor.nombre:
        return "skipped"
    try:
        nombre = client.display_name(client.get_user(vendedor.mm_user_id))
    except MattermostError as exc:
        logger.info("Seller @%s keeps a blank name, Mattermost failed: %s", vendedor.username, exc)
        if exc.permanent:
            return "failed"
        due = retry.next_due(intento + 1, "events") or timezone.now() + DAILY
        queue.enqueue("fill_seller_name", vendedor_id, intento + 1, run_after=due)
        return "retry"
    if not nombre:
        return "no-name"
    with transaction.atomic():
        vendedor = Vendedor.objects.select_for_update().get(id=vendedor_id)
        if vendedor.nombre:  # a reviewer typed one meanwhile: theirs wins
            return "skipped"
        vendedor.nombre = nombre[: Vendedor._meta.get_field("nombre").max_length]
        save_seller(vendedor=vendedor, actor="mattermost")
    return "ok"
