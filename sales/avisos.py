"""Replies and reactions for Mattermost: written to an outbox with the ledger change, delivered
by the worker, each exactly once.

A reply's key (post + kind + version) becomes a deterministic `pending_post_id`, which makes
Mattermost drop a duplicate create within 30 s (CONTRACT §3.6); past that window a retry first
looks in the thread for a post carrying the same key in its props. Mattermost down or 5xx: the
item waits and retries on the MATTERMOST_REINTENTOS schedule, then is marked as given up, where
an operator sees it in the admin and can retry it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.mattermost import bot, client
from integrations.mattermost.client import MattermostError
from sales.models import AvisoMattermost, Venta

logger = logging.getLogger(__name__)

Resultado = Literal["ok", "retry", "gave-up", "discarded", "skipped"]
Tipo = AvisoMattermost.Tipo
EstadoEnvio = AvisoMattermost.EstadoEnvio

PROP_CLAVE = "salesbot_clave"
# How long a worker may hold an item before another worker may take it over (a crashed worker).
RECLAMO = dt.timedelta(minutes=2)
# Errors that mean the thread or the post is gone: retrying cannot help and nobody should see an
# error for it. Mattermost answers these ids (CONTRACT §3.2).
_GONE = {"api.post.create_post.root_id.app_error", "app.post.get.app_error"}


# --- Writing to the outbox (inside the caller's transaction) -----------------------------------


def responder(
    *, venta: Venta | None, post_id: str, channel_id: str, root_id: str, clave: str, mensaje: str
) -> AvisoMattermost | None:
    return _crear(
        clave,
        tipo=Tipo.RESPUESTA,
        venta=venta,
        post_id=post_id,
        channel_id=channel_id,
        root_id=root_id,
        mensaje=mensaje,
    )


def reaccionar(
    *,
    venta: Venta | None,
    post_id: str,
    channel_id: str,
    emoji: str,
    clave: str,
    quitar: bool = False,
) -> AvisoMattermost | None:
    tipo = Tipo.QUITAR_REACCION if quitar else Tipo.REACCION
    return _crear(
        clave, tipo=tipo, venta=venta, post_id=post_id, channel_id=channel_id, emoji=emoji
    )


def _crear(clave: str, **fields) -> AvisoMattermost | None:
    aviso, creado = AvisoMattermost.objects.get_or_create(
        clave=clave, defaults={**fields, "proximo_intento": timezone.now()}
    )
    if not creado:
        return None
    # Queued in the same transaction as the outbox row (the task backend is this database):
    # either both exist or neither does.
    from sales.tasks import entregar_aviso

    entregar_aviso.enqueue(aviso.id)
    return aviso


# --- Delivering (in the worker) ----------------------------------------------------------------


def entregar(aviso_id: int) -> Resultado:
    if not _reclamar(aviso_id):
        return "skipped"
    aviso = AvisoMattermost.objects.get(id=aviso_id)
    try:
        mm_post_id = _enviar(aviso)
    except MattermostError as exc:
        return _fallo(aviso, exc)
    _marcar(aviso, EstadoEnvio.ENVIADO, mm_post_id=mm_post_id, enviado=timezone.now())
    return "ok"


def reintentar(aviso: AvisoMattermost) -> None:
    """An operator's retry of an item that gave up: a fresh schedule, queued now."""
    with transaction.atomic():
        aviso.estado = EstadoEnvio.PENDIENTE
        aviso.intentos = 0
        aviso.primer_intento = aviso.primer_intento or timezone.now()
        aviso.proximo_intento = timezone.now()
        aviso.reclamado_hasta = None
        aviso.save(
            update_fields=[
                "estado",
                "intentos",
                "primer_intento",
                "proximo_intento",
                "reclamado_hasta",
            ]
        )
        from sales.tasks import entregar_aviso

        entregar_aviso.enqueue(aviso.id)


def _reclamar(aviso_id: int) -> bool:
    """Atomically take the item: 1 row updated means it is ours (another worker got 0)."""
    now = timezone.now()
    libre = Q(reclamado_hasta__isnull=True) | Q(reclamado_hasta__lt=now)
    return bool(
        AvisoMattermost.objects.filter(Q(id=aviso_id, estado=EstadoEnvio.PENDIENTE) & libre).update(
            reclamado_hasta=now + RECLAMO
        )
    )


def _enviar(aviso: AvisoMattermost) -> str:
    if aviso.primer_intento is None:
        aviso.primer_intento = timezone.now()
        aviso.save(update_fields=["primer_intento"])
    if aviso.tipo == Tipo.RESPUESTA:
        return _publicar(aviso)
    if aviso.tipo == Tipo.REACCION:
        client.add_reaction(user_id=bot.user_id(), post_id=aviso.post_id, emoji_name=aviso.emoji)
    else:
        _quitar_reaccion(aviso)
    return ""


def _publicar(aviso: AvisoMattermost) -> str:
    root_id = aviso.root_id or _resolver_hilo(aviso)
    if _fuera_de_ventana(aviso):
        existente = _buscar_en_hilo(root_id, aviso.clave)
        if existente:
            return existente
    post = client.create_post(
        channel_id=aviso.channel_id,
        message=aviso.mensaje,
        root_id=root_id,
        props={PROP_CLAVE: aviso.clave},
        pending_post_id=pending_post_id(aviso.clave),
    )
    return post.id


def pending_post_id(clave: str) -> str:
    return hashlib.sha256(clave.encode()).hexdigest()[:26]


def _resolver_hilo(aviso: AvisoMattermost) -> str:
    """The webhook does not carry `root_id`: read the post to reply in its thread."""
    post = client.get_post(aviso.post_id)
    root_id = post.root_id or post.id
    aviso.root_id = root_id
    aviso.save(update_fields=["root_id"])
    if aviso.venta_id:
        Venta.objects.filter(id=aviso.venta_id, root_id="").update(root_id=root_id)
    return root_id


def _fuera_de_ventana(aviso: AvisoMattermost) -> bool:
    ttl = dt.timedelta(seconds=float(settings.MATTERMOST_PENDING_TTL))
    return aviso.intentos > 0 and timezone.now() - aviso.primer_intento >= ttl


def _buscar_en_hilo(root_id: str, clave: str) -> str | None:
    for post in client.get_thread(root_id):
        if post.props.get(PROP_CLAVE) == clave and not post.delete_at:
            return post.id
    return None


def _quitar_reaccion(aviso: AvisoMattermost) -> None:
    try:
        client.remove_reaction(user_id=bot.user_id(), post_id=aviso.post_id, emoji_name=aviso.emoji)
    except MattermostError as exc:
        if not exc.not_found:  # already gone is what we wanted
            raise


def _fallo(aviso: AvisoMattermost, exc: MattermostError) -> Resultado:
    aviso.intentos += 1
    aviso.historial = [*aviso.historial, {"en": timezone.now().isoformat(), "error": str(exc)}]
    aviso.ultimo_error = str(exc)
    aviso.reclamado_hasta = None
    if exc.not_found or exc.error_id in _GONE:
        logger.info("Aviso %s discarded, the post is gone: %s", aviso.clave, exc)
        return _cerrar(aviso, EstadoEnvio.DESCARTADO, "discarded")
    espera = _espera(aviso.intentos, exc)
    if exc.permanent or espera is None:
        logger.error("Aviso %s gave up after %s attempts: %s", aviso.clave, aviso.intentos, exc)
        return _cerrar(aviso, EstadoEnvio.ABANDONADO, "gave-up")
    logger.warning(
        "Aviso %s failed (attempt %s), retry in %ss: %s", aviso.clave, aviso.intentos, espera, exc
    )
    aviso.proximo_intento = timezone.now() + dt.timedelta(seconds=espera)
    with transaction.atomic():
        aviso.save()
        from sales.tasks import entregar_aviso

        entregar_aviso.using(run_after=aviso.proximo_intento).enqueue(aviso.id)
    return "retry"


def _espera(intentos: int, exc: MattermostError) -> float | None:
    """Seconds until the next attempt, from the explicit schedule; None when it is exhausted."""
    calendario = settings.MATTERMOST_REINTENTOS
    if intentos > len(calendario):
        return None
    return max(calendario[intentos - 1], exc.retry_after or 0)


def _cerrar(aviso: AvisoMattermost, estado: str, resultado: Resultado) -> Resultado:
    aviso.estado = estado
    aviso.save()
    return resultado


def _marcar(aviso: AvisoMattermost, estado: str, **fields) -> None:
    AvisoMattermost.objects.filter(id=aviso.id).update(
        estado=estado, reclamado_hasta=None, **fields
    )
