"""Inbound Mattermost events: stored on arrival, processed by the worker.

The web request only stores the event and queues `procesar_evento`; everything that may fail or
take time (asking Mattermost, reading the receipt) happens here, with retries on the
EVENTO_REINTENTOS schedule while the event row stays pending, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from integrations.mattermost import bot, client
from integrations.mattermost.client import MattermostError
from integrations.mattermost.events import IncomingPost
from sales import comprobantes, services
from sales.models import Estado, EventoEntrante, Venta
from sales.parsing import MensajeVenta, ParseError, parse_message

logger = logging.getLogger(__name__)

Resultado = Literal["venta", "foto", "invalido", "ignorado", "retry", "gave-up", "skipped"]
R = EventoEntrante.Resultado


def recibir_post(post: IncomingPost, fuente: str) -> tuple[EventoEntrante | None, bool]:
    """Store a delivered post and queue its processing; the same post twice is one event."""
    from sales.tasks import procesar_evento

    if post.user_id and post.user_id == bot.known_user_id():
        return None, False
    evento = EventoEntrante(
        clave=post.post_id,
        post_id=post.post_id,
        tipo=EventoEntrante.Tipo.PUBLICADO,
        fuente=fuente,
        payload=post.to_payload(),
        proximo_intento=timezone.now(),
    )
    with transaction.atomic():
        creado = insertar_si_nuevo(evento)
        if creado:
            # Same transaction as the event row (the task backend is this database): an event
            # is never stored without its work queued.
            procesar_evento.enqueue(evento.id)
    if not creado:
        evento = EventoEntrante.objects.get(clave=evento.clave)
    return evento, creado


def insertar_si_nuevo(evento: EventoEntrante) -> bool:
    """Insert the event unless its `clave` is already stored; True (and its id set) if new.

    One `INSERT ... ON CONFLICT DO NOTHING RETURNING id` (PostgreSQL, SQLite ≥ 3.35): on the
    webhook's hot path it replaces get_or_create's SELECT + SAVEPOINT + INSERT + RELEASE, and
    concurrent deliveries of one post need no error recovery.
    """
    meta = EventoEntrante._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING RETURNING {}".format(
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        quote(meta.get_field("clave").column),
        quote(meta.pk.column),
    )
    values = [f.get_db_prep_save(f.pre_save(evento, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    evento.pk = row[0]
    evento._state.adding = False
    return True


def procesar_evento(evento_id: int) -> Resultado:
    evento = EventoEntrante.objects.get(id=evento_id)
    if evento.resultado != R.PENDIENTE:
        return "skipped"
    post = IncomingPost.from_payload(evento.payload)
    try:
        return _procesar(evento, post)
    except MattermostError as exc:
        if exc.permanent:
            return _cerrar(evento, R.ERROR, "gave-up", error=str(exc))
        return _reintentar(evento, exc)


def _procesar(evento: EventoEntrante, post: IncomingPost) -> Resultado:
    if _es_del_bot(post):
        return _cerrar(evento, R.IGNORADO, "ignorado")
    try:
        mensaje = parse_message(post.message)
    except ParseError as exc:
        with transaction.atomic():
            if not _bloquear_pendiente(evento):
                return "skipped"
            services.registrar_invalido(evento=evento, post=post, problema=exc.mensaje)
            return _cerrar(evento, R.INVALIDO, "invalido")
    if mensaje is None:
        if post.file_ids:
            return _adjuntar_foto(evento, post)
        return _cerrar(evento, R.IGNORADO, "ignorado")
    # Download and OCR outside the transaction: slow, and may fail and be retried.
    foto = comprobantes.leer_fotos(post.file_ids) if post.file_ids else None
    with transaction.atomic():
        if not _bloquear_pendiente(evento):
            return "skipped"
        evaluacion = _evaluar(mensaje, foto)
        venta = services.registrar_venta(
            post=post, mensaje=mensaje, fuente=evento.fuente, evaluacion=evaluacion
        )
        evento.venta = venta
        return _cerrar(evento, R.VENTA, "venta")


def _evaluar(mensaje, foto, venta=None):
    if foto is not None:
        # The receipt's row first: a concurrent sale with the same image waits on its unique
        # sha256 here, then sees this one as the duplicate it is.
        comprobantes.guardar_comprobante(foto)
    return comprobantes.evaluar(mensaje, foto, venta=venta)


def _adjuntar_foto(evento: EventoEntrante, post: IncomingPost) -> Resultado:
    """A photo without tags: the retake or the missing receipt of a sale waiting for one."""
    venta = _venta_que_espera_foto(post)
    if venta is None:
        return _cerrar(evento, R.IGNORADO, "ignorado")
    foto = comprobantes.leer_fotos(post.file_ids)
    with transaction.atomic():
        if not _bloquear_pendiente(evento):
            return "skipped"
        evaluacion = _evaluar(mensaje_de(venta), foto, venta)
        evento.venta = services.adjuntar_comprobante(venta=venta, evaluacion=evaluacion)
        return _cerrar(evento, R.FOTO, "foto")


# A photo posted outside any thread attaches to the seller's sale waiting for a retake only
# this soon after it.
VENTANA_FOTO = dt.timedelta(hours=24)


def _venta_que_espera_foto(post: IncomingPost) -> Venta | None:
    root_id = post.root_id
    if root_id is None:  # the webhook does not say which thread the post is in
        root_id = client.get_post(post.post_id).root_id
    candidatas = Venta.objects.filter(
        vendedor__mm_user_id=post.user_id, channel_id=post.channel_id
    ).filter(
        Q(estado=Estado.ESPERANDO_FOTO)
        | Q(estado=Estado.EN_REVISION, motivo__in=services.MOTIVOS_QUE_ACEPTAN_FOTO)
    )
    if root_id:
        candidatas = candidatas.filter(Q(post_id=root_id) | Q(root_id=root_id))
    else:
        candidatas = candidatas.filter(
            estado=Estado.ESPERANDO_FOTO, fecha__gte=post.created - VENTANA_FOTO
        )
    return candidatas.order_by("-fecha", "-id").first()


def mensaje_de(venta: Venta) -> MensajeVenta:
    return MensajeVenta(monto=venta.monto, cliente=venta.cliente, tubos=venta.tubos,
                        producto=venta.producto, nota=venta.nota)


def _es_del_bot(post: IncomingPost) -> bool:
    if str(post.props.get("from_bot", "")).lower() == "true":
        return True
    return client.configured() and post.user_id == bot.user_id()


def _bloquear_pendiente(evento: EventoEntrante) -> bool:
    """Lock the event row; False when another worker already processed it."""
    return (
        EventoEntrante.objects.select_for_update()
        .filter(id=evento.id, resultado=R.PENDIENTE)
        .exists()
    )


def _cerrar(
    evento: EventoEntrante, estado: str, resultado: Resultado, error: str = ""
) -> Resultado:
    evento.resultado = estado
    evento.procesado = timezone.now()
    evento.ultimo_error = error
    evento.save()
    return resultado


def _reintentar(evento: EventoEntrante, exc: Exception) -> Resultado:
    from sales.tasks import procesar_evento

    evento.intentos += 1
    evento.ultimo_error = str(exc)
    calendario = settings.EVENTO_REINTENTOS
    if evento.intentos > len(calendario):
        logger.error("Event %s gave up after %s attempts: %s", evento.clave, evento.intentos, exc)
        return _cerrar(evento, R.ERROR, "gave-up", error=str(exc))
    espera = dt.timedelta(seconds=calendario[evento.intentos - 1])
    evento.proximo_intento = timezone.now() + espera
    logger.warning(
        "Event %s failed (attempt %s), retry in %s: %s", evento.clave, evento.intentos, espera, exc
    )
    with transaction.atomic():
        evento.save()
        procesar_evento.using(run_after=evento.proximo_intento).enqueue(evento.id)
    return "retry"


def reintentar(evento: EventoEntrante) -> None:
    """An operator's retry of an event that gave up."""
    from sales.tasks import procesar_evento

    with transaction.atomic():
        evento.resultado = R.PENDIENTE
        evento.intentos = 0
        evento.proximo_intento = timezone.now()
        evento.save()
        procesar_evento.enqueue(evento.id)
