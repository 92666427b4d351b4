"""Creating the bot's posts exactly once: a reply in the thread of the post it answers, or a
post of its own (a direct message, a notice with images).

Each post carries its outbox item's key in its props and a `pending_post_id` made from it, so
Mattermost drops a repeat within 30 s; past that window a retry that may follow a sent post
looks for the key first (docs/mattermost.md#exactly-once-posts). `sales.replies` decides when
to call these; this module only speaks to Mattermost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from integrations.mattermost import bot, client
from integrations.mattermost.client import MattermostError
from sales.models import AvisoMattermost, Venta

PROP_CLAVE = "salesbot_clave"
# Mattermost's answer to a reply whose root is not a root post (a reply itself) or is gone.
ROOT_REFUSED = "api.post.create_post.root_id.app_error"


def reply(aviso: AvisoMattermost, *, may_exist: bool) -> str:
    """Post the item's reply in the thread of the post it answers; its id. `may_exist`: an
    earlier attempt may have posted it."""
    if may_exist and _past_window(aviso):
        existente = _find_in_thread(aviso.root_id or _resolve_thread(aviso), aviso.clave)
        if existente:
            return existente
    if aviso.root_id:
        return _create_reply(aviso, aviso.root_id)
    # The webhook does not say whether the post is a thread's root or a reply in one. Most are
    # roots: reply with the post as the root, and read the post only when Mattermost refuses
    # that (a GET per sale saved; docs/mattermost.md#replies-in-the-thread).
    try:
        post_id = _create_reply(aviso, aviso.post_id)
    except MattermostError as exc:
        if exc.code != ROOT_REFUSED:
            raise
        return _create_reply(aviso, _resolve_thread(aviso))
    # Kept on the item only: the sale's later replies guess the same root, and that guess
    # costs nothing, where writing it on the sale costs a commit per sale.
    aviso.root_id = aviso.post_id
    return post_id


def _create_reply(aviso: AvisoMattermost, root_id: str) -> str:
    return create_keyed(
        aviso.clave, channel_id=aviso.channel_id, message=aviso.mensaje, root_id=root_id
    )


def create_keyed(
    clave: str,
    *,
    channel_id: str,
    message: str,
    root_id: str = "",
    props: dict | None = None,
    file_ids: list[str] | None = None,
) -> str:
    """Create a post carrying `clave` in its props (to be found again) and as its
    `pending_post_id` (Mattermost drops a repeat within 30 s); its id."""
    post = client.create_post(
        channel_id=channel_id,
        message=message,
        root_id=root_id,
        props={**(props or {}), PROP_CLAVE: clave},
        pending_post_id=pending_post_id(clave),
        file_ids=file_ids,
    )
    return post.id


def own_post(aviso: AvisoMattermost) -> str:
    """Post the item in its channel, or by direct message to its `destinatario`, with its
    images; its id."""
    if not aviso.channel_id:
        canal = client.create_direct_channel(bot.user_id(), aviso.destinatario)["id"]
        AvisoMattermost.objects.filter(pk=aviso.pk).update(channel_id=canal)
        aviso.channel_id = canal
    if aviso.earlier_attempt and _past_window(aviso):
        existente = find_in_channel(aviso.channel_id, aviso.clave)
        if existente:
            return existente
    return create_keyed(
        aviso.clave,
        channel_id=aviso.channel_id,
        message=aviso.mensaje,
        props=aviso.props,
        file_ids=[_upload(aviso, archivo) for archivo in aviso.archivo.split("|") if archivo]
        or None,
    )


def _upload(aviso: AvisoMattermost, archivo: str) -> str:
    """Upload one of the notice's images (`archivo` lists them, separated by `|`), again on a
    retry: an unattached upload is harmless."""
    path = Path(settings.MEDIA_ROOT) / archivo
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MattermostError(f"attachment {archivo} unreadable: {exc}", permanent=True) from exc
    return client.upload_file(channel_id=aviso.channel_id, name=path.name, data=data).id


def pending_post_id(clave: str) -> str:
    return hashlib.sha256(clave.encode()).hexdigest()[:26]


def _resolve_thread(aviso: AvisoMattermost) -> str:
    """Read the post to reply in its thread (the webhook does not carry `root_id`)."""
    post = client.get_post(aviso.post_id)
    return _keep_thread(aviso, post.root_id or post.id)


def _keep_thread(aviso: AvisoMattermost, root_id: str) -> str:
    """Keep the thread on the item (saved when it is marked) and on the sale, for its later
    replies."""
    aviso.root_id = root_id
    if aviso.venta_id:
        Venta.objects.filter(id=aviso.venta_id, root_id="").update(root_id=root_id)
    return root_id


def _past_window(aviso: AvisoMattermost) -> bool:
    """Whether Mattermost may have forgotten the first attempt's `pending_post_id`."""
    ttl = dt.timedelta(seconds=float(settings.MATTERMOST_PENDING_TTL))
    return timezone.now() - aviso.primer_intento >= ttl


def _find_in_thread(root_id: str, clave: str) -> str | None:
    for post in client.get_thread(root_id):
        if post.props.get(PROP_CLAVE) == clave and not post.delete_at:
            return post.id
    return None


def find_in_channel(channel_id: str, clave: str) -> str | None:
    """The live post carrying `clave` among the channel's latest, if any (a direct message
    created by an attempt that failed past the 30-s window)."""
    lista = client.get_channel_posts(channel_id, per_page=60)
    for post in (lista.get("posts") or {}).values():
        if (post.get("props") or {}).get(PROP_CLAVE) == clave and not post.get("delete_at"):
            return post["id"]
    return None
