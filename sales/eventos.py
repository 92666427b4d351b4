"""Inbound Mattermost events: stored on arrival, processed by the worker.

The web request only stores the event and queues `procesar_evento`; everything that may fail or
take time (asking Mattermost, reading the receipt) happens here, with retries on the
EVENTO_REINTENTOS schedule while the event row stays pending, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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

    if not canal_permitido(post.channel_id, post.channel_type):
        return None, False
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
    # Only quoted names from the model, never data, are formatted in; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING RETURNING {}".format(  # noqa: S608
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
        mensaje, problema = parse_message(post.message), ""
    except ParseError as exc:
        mensaje, problema = None, exc.mensaje
    if mensaje is None and not problema and not post.file_ids:
        return _cerrar(evento, R.IGNORADO, "ignorado")  # no tags, no photo: not about a sale
    if not _en_canal_del_bot(evento, post):
        logger.info("Post %s: the bot is not in channel %s; ignored", post.post_id, post.channel_id)
        return _cerrar(evento, R.IGNORADO, "ignorado")
    if problema:
        return _invalido(evento, post, problema)
    if mensaje is None:
        return _adjuntar_foto(evento, post)
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


def _invalido(evento: EventoEntrante, post: IncomingPost, problema: str) -> Resultado:
    with transaction.atomic():
        if not _bloquear_pendiente(evento):
            return "skipped"
        services.registrar_invalido(evento=evento, post=post, problema=problema)
        return _cerrar(evento, R.INVALIDO, "invalido")


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
    return MensajeVenta(
        monto=venta.monto,
        cliente=venta.cliente,
        tubos=venta.tubos,
        producto=venta.producto,
        nota=venta.nota,
    )


def _es_del_bot(post: IncomingPost) -> bool:
    if str(post.props.get("from_bot", "")).lower() == "true":
        return True
    return client.configured() and post.user_id == bot.user_id()


def _en_canal_del_bot(evento: EventoEntrante, post: IncomingPost) -> bool:
    """An empty MATTERMOST_CANALES means every channel the bot is in. The listener hears only
    those, but a team-wide outgoing webhook fires in every public channel, also where the bot
    could neither answer nor react. Asked here, not in the webhook's request (it may call
    Mattermost), and only for posts about a sale, so chatter costs nothing."""
    if settings.MATTERMOST_CANALES or evento.fuente != "webhook" or not client.configured():
        return True
    return bot.is_member(post.channel_id)


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
    with transaction.atomic():
        evento.resultado = R.PENDIENTE
        evento.intentos = 0
        evento.proximo_intento = timezone.now()
        evento.save()
        tareas_por_tipo()[evento.tipo].enqueue(evento.id)


# --- Channels, edits, deletes and /venta (the real-time issue) ---------------------------------


def canal_permitido(channel_id: str, channel_type: str = "") -> bool:
    """MATTERMOST_CANALES limits which channels count (empty: every channel of the bot's; for
    webhook posts the worker checks that, `_en_canal_del_bot`). Direct messages with the bot
    always count, list or not: each seller has a channel of their own with it."""
    canales = settings.MATTERMOST_CANALES
    return not canales or channel_type == "D" or channel_id in canales


def recibir_edicion(
    post: IncomingPost, fuente: str, *, edit_at: int
) -> tuple[EventoEntrante | None, bool]:
    """Store an edit of a post salesbot has (a sale, or an attempt at one) and queue it.

    Each version of the text is one event (`<post>:editado:<edit_at>`), whichever path brings
    it (the listener, its REST catch-up).
    """
    from sales.tasks import procesar_edicion

    clave = f"{post.post_id}:editado:{edit_at}"
    tipo = EventoEntrante.Tipo.EDITADO
    return _recibir_cambio(post, fuente, tipo, clave, {"edit_at": edit_at}, procesar_edicion)


def recibir_borrado(post: IncomingPost, fuente: str) -> tuple[EventoEntrante | None, bool]:
    """Store the deletion of a post salesbot has and queue it (`<post>:borrado`, once)."""
    from sales.tasks import procesar_borrado

    clave = f"{post.post_id}:borrado"
    return _recibir_cambio(post, fuente, EventoEntrante.Tipo.BORRADO, clave, {}, procesar_borrado)


def _recibir_cambio(post, fuente, tipo, clave, extra, tarea) -> tuple[EventoEntrante | None, bool]:
    from sales.models import Venta

    # Edits and deletes of posts salesbot never stored (other conversations, history) are
    # nobody's business here; a post it has passed the channel filter when it arrived.
    conocido = EventoEntrante.objects.filter(clave=post.post_id).exists()
    if not conocido and not Venta.objects.filter(post_id=post.post_id).exists():
        return None, False
    with transaction.atomic():
        evento, creado = EventoEntrante.objects.get_or_create(
            clave=clave,
            defaults={
                "post_id": post.post_id,
                "tipo": tipo,
                "fuente": fuente,
                "payload": {**post.to_payload(), **extra},
                "proximo_intento": timezone.now(),
            },
        )
        if creado:
            tarea.enqueue(evento.id)
    return evento, creado


# A `/venta` sent again by the same seller with the same data this soon is a double submit.
VENTANA_COMANDO = dt.timedelta(seconds=60)


def recibir_venta_por_comando(
    *, user_id: str, user_name: str, texto: str, mensaje: MensajeVenta, channel_id: str = ""
) -> tuple[EventoEntrante, bool]:
    """Store a `/venta` and queue it; (the first one, False) for a double submit.

    Slash commands carry no post, so the worker makes one: a direct message from the bot to
    the seller, which becomes the sale's post (`procesar_comando`).
    """
    from sales.tasks import procesar_comando

    prefijo = f"comando:{user_id}:{_huella(mensaje)}:"
    with transaction.atomic():
        # Without the lock two simultaneous submits both find no earlier one, and on either
        # side of a minute boundary their keys differ: two sales.
        _bloquear_clave(prefijo)
        ahora = timezone.now()
        previo = (
            EventoEntrante.objects.filter(
                tipo=EventoEntrante.Tipo.COMANDO,
                clave__startswith=prefijo,
                recibido__gte=ahora - VENTANA_COMANDO,
            )
            .order_by("-recibido")
            .first()
        )
        if previo is not None:
            return previo, False
        payload = {
            "user_id": user_id,
            "user_name": user_name,
            "texto": texto,
            "channel_id": channel_id,
            "recibido_ms": int(ahora.timestamp() * 1000),
        }
        # The minute in the key keeps the unique `clave` a last guard where the lock is a no-op.
        evento, creado = EventoEntrante.objects.get_or_create(
            clave=f"{prefijo}{int(ahora.timestamp()) // 60}",
            defaults={
                "post_id": "",  # the direct message the worker posts
                "tipo": EventoEntrante.Tipo.COMANDO,
                "fuente": "comando",
                "payload": payload,
                "recibido": ahora,
                "proximo_intento": ahora,
            },
        )
        if creado:
            procesar_comando.enqueue(evento.id)
    return evento, creado


def _bloquear_clave(clave: str) -> None:
    """Serialise, until the transaction ends, every caller that passes the same `clave`.

    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of it (a collision only
    makes two unrelated submits wait for each other). On SQLite every transaction begins
    IMMEDIATE (settings), holding the one write lock from its start: nothing to add there.
    """
    if connection.vendor != "postgresql":
        return
    llave = int.from_bytes(hashlib.sha256(clave.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [llave])


def _huella(mensaje: MensajeVenta) -> str:
    """The sale's data normalised (amount, case, accents, spaces), hashed."""
    from sales.parsing import fold

    partes = [f"{mensaje.monto:.2f}", mensaje.cliente, str(mensaje.tubos)]
    partes += [mensaje.producto, mensaje.nota]
    texto = "|".join(" ".join(fold(p).split()) for p in partes)
    return hashlib.sha256(texto.encode()).hexdigest()[:16]


def procesar_comando(evento_id: int) -> str:
    """Post the seller's direct message from the bot, then record the sale on it."""
    from sales import consultas
    from sales.tasks import procesar_comando as tarea

    evento = EventoEntrante.objects.get(id=evento_id)
    if evento.resultado != R.PENDIENTE:
        return "skipped"
    datos = evento.payload
    try:
        mensaje = parse_message(datos["texto"])
    except ParseError:
        mensaje = None
    if mensaje is None:  # checked when received; only a changed parser gets here
        return _cerrar(evento, R.INVALIDO, "invalido")
    try:
        post_id, channel_id = _mensaje_directo(evento, consultas.confirmacion_directa(mensaje))
    except MattermostError as exc:
        if exc.permanent:
            logger.error("/venta %s: the direct message failed: %s", evento.clave, exc)
            return _cerrar(evento, R.ERROR, "gave-up", error=str(exc))
        return reprogramar(evento, str(exc), tarea)
    post = IncomingPost(
        post_id=post_id,
        channel_id=channel_id,
        user_id=datos["user_id"],
        user_name=datos["user_name"],
        message=datos["texto"],
        create_at_ms=datos["recibido_ms"],
        root_id="",  # the direct message is the thread's root
        channel_type="D",
    )
    with transaction.atomic():
        if not _bloquear_pendiente(evento):
            return "skipped"
        evento.venta = services.registrar_venta(post=post, mensaje=mensaje, fuente="comando")
        evento.post_id = post_id
        return _cerrar(evento, R.VENTA, "venta")


def _mensaje_directo(evento: EventoEntrante, texto: str) -> tuple[str, str]:
    """(post id, channel id) of the bot's direct message for this `/venta`, posted once."""
    from sales import avisos

    datos = evento.payload
    if datos.get("dm_post_id"):
        return datos["dm_post_id"], datos["dm_channel_id"]
    canal = client.create_direct_channel(bot.user_id(), datos["user_id"])["id"]
    clave = f"{evento.clave}:mensaje_directo"
    post_id = _ya_publicado(canal, clave) if evento.intentos else None
    if post_id is None:
        post_id = client.create_post(
            channel_id=canal,
            message=texto,
            props={avisos.PROP_CLAVE: clave},
            # Mattermost drops a repeated create within 30 s (CONTRACT §3.6).
            pending_post_id=avisos.pending_post_id(clave),
        ).id
    evento.payload = {**datos, "dm_post_id": post_id, "dm_channel_id": canal}
    evento.save(update_fields=["payload"])
    return post_id, canal


def _ya_publicado(canal: str, clave: str) -> str | None:
    """After an error past the 30-s window: the direct message may exist already."""
    from sales import avisos

    lista = client.get_channel_posts(canal, per_page=60)
    for post in (lista.get("posts") or {}).values():
        if (post.get("props") or {}).get(avisos.PROP_CLAVE) == clave and not post.get("delete_at"):
            return post["id"]
    return None


def reprogramar(evento: EventoEntrante, error: str, tarea) -> str:
    """Run `tarea` for the event again later, on the EVENTO_REINTENTOS schedule; after the last
    attempt the event is marked as given up (the admin shows it and can retry it)."""
    evento.intentos += 1
    evento.ultimo_error = error
    calendario = settings.EVENTO_REINTENTOS
    if evento.intentos > len(calendario):
        logger.error("Event %s gave up after %s attempts: %s", evento.clave, evento.intentos, error)
        return _cerrar(evento, R.ERROR, "gave-up", error=error)
    evento.proximo_intento = timezone.now() + dt.timedelta(seconds=calendario[evento.intentos - 1])
    with transaction.atomic():
        evento.save()
        tarea.using(run_after=evento.proximo_intento).enqueue(evento.id)
    return "retry"


def tareas_por_tipo() -> dict:
    """The task that processes each kind of event (the sweep and operator retries use it)."""
    from sales import tasks

    T = EventoEntrante.Tipo
    return {
        T.PUBLICADO: tasks.procesar_evento,
        T.EDITADO: tasks.procesar_edicion,
        T.BORRADO: tasks.procesar_borrado,
        T.COMANDO: tasks.procesar_comando,
    }
