"""The ledger's operations. Each runs in one transaction, writes its audit entry, and queues its
side effects (replies, reactions, NocoDB sync) in the same transaction.

Named once here and reused everywhere: register a sale from a message (`registrar_venta`),
correct it (`corregir_venta`), void it (`anular_venta`), decide a review (`decidir_revision`),
flag it for review (`marcar_revision`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from integrations.mattermost import client
from integrations.mattermost.events import IncomingPost
from integrations.nocodb import outbox
from ocr.check import duplicate_key
from sales import avisos, comprobantes, mensajes
from sales.commission import ReglaComision, calcular_comision
from sales.comprobantes import Evaluacion
from sales.models import (
    ESTADOS_DECIDIDOS,
    REACCION_POR_ESTADO,
    Auditoria,
    Detalle,
    Estado,
    EventoEntrante,
    Motivo,
    Vendedor,
    Venta,
)
from sales.parsing import MensajeVenta
from sales.reports import mes_de, progreso

logger = logging.getLogger(__name__)

SISTEMA = "sistema"


class VentaYaDecidida(Exception):
    """The review round was already decided (by another reviewer, or the sale changed)."""


@dataclass(frozen=True)
class Revision:
    """Why a sale goes to review, as the checks found it."""

    motivo: str
    detalle: str = ""


# --- Registering ---------------------------------------------------------------------------------


def hilo_de(post: IncomingPost) -> str:
    """The thread a reply to this post goes to; "" when unknown (the webhook does not say)."""
    if post.root_id is None:
        return ""
    return post.root_id or post.post_id


def vendedor_de(post: IncomingPost) -> Vendedor:
    vendedor, creado = Vendedor.objects.get_or_create(
        mm_user_id=post.user_id, defaults={"username": post.user_name}
    )
    if creado and client.configured():
        # The display name needs a Mattermost call: its own task, so it never holds up the
        # sale nor runs inside this transaction (sales/vendedores.py).
        from sales.tasks import completar_nombre

        completar_nombre.enqueue(vendedor.id)
    if not creado and post.user_name and vendedor.username != post.user_name:
        vendedor.username = post.user_name
        vendedor.save(update_fields=["username", "actualizado"])
    return vendedor


def registrar_venta(
    *,
    post: IncomingPost,
    mensaje: MensajeVenta,
    fuente: str,
    evaluacion: Evaluacion | None = None,
    actor: str = SISTEMA,
) -> Venta:
    """Record the sale a post reports, in the state the receipt checks decided, and answer.

    Without an evaluation (no photo was read) VENTA_REQUIERE_COMPROBANTE decides: flagged
    `sin_comprobante`, or registered. Idempotent on the post id: a second call returns the
    existing sale.
    """
    with transaction.atomic():
        existente = Venta.objects.filter(post_id=post.post_id).first()
        if existente:
            return existente
        evaluacion = evaluacion or comprobantes.evaluar(mensaje, None)
        regla = ReglaComision.vigente()
        venta = Venta(
            vendedor=vendedor_de(post),
            cliente=mensaje.cliente,
            monto=mensaje.monto,
            tubos=mensaje.tubos,
            producto=mensaje.producto,
            nota=mensaje.nota,
            comision=calcular_comision(mensaje.tubos, regla),
            comision_por_tubo=regla.por_tubo,
            comision_umbral=regla.umbral,
            fecha=post.created,
            post_id=post.post_id,
            channel_id=post.channel_id,
            root_id=hilo_de(post),
            mensaje=post.message,
            file_ids=list(post.file_ids),
            origen=fuente,
        )
        _aplicar_evaluacion(venta, evaluacion)
        venta.save()
        _crear_detalles(venta, mensaje, evaluacion.detalles_leidos)
        auditar(venta, actor=actor, accion="registrar", antes=None)
        _notificar_estado(venta, estado_anterior=None, clave="registro")
        outbox.registrar(venta)
        return venta


def adjuntar_comprobante(*, venta: Venta, evaluacion: Evaluacion, actor: str = SISTEMA) -> Venta:
    """A photo sent later (in the sale's thread, or after a retake was asked) is judged and
    attached to the same sale: it is never counted twice."""
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if not acepta_foto(venta):
            return venta
        antes, estado_anterior = snapshot(venta), venta.estado
        _aplicar_evaluacion(venta, evaluacion)
        venta.version += 1
        venta.save()
        venta.detalles.filter(origen=Detalle.Origen.RECIBO).delete()
        for item in evaluacion.detalles_leidos:
            Detalle.objects.create(venta=venta, origen=Detalle.Origen.RECIBO, **item)
        auditar(venta, actor=actor, accion="adjuntar_comprobante", antes=antes)
        _notificar_estado(venta, estado_anterior=estado_anterior, clave="foto")
        outbox.registrar(venta)
        return venta


# A sale takes a new photo while it waits for one, or while in review for a reason a better
# photo can settle; never after a reviewer decided.
MOTIVOS_QUE_ACEPTAN_FOTO = (Motivo.SIN_COMPROBANTE, Motivo.TOTAL_ILEGIBLE, Motivo.DUPLICADO)


def acepta_foto(venta: Venta) -> bool:
    if venta.estado == Estado.ESPERANDO_FOTO:
        return True
    return venta.estado == Estado.EN_REVISION and venta.motivo in MOTIVOS_QUE_ACEPTAN_FOTO


def _aplicar_evaluacion(venta: Venta, evaluacion: Evaluacion, *, evidencia: bool = True) -> None:
    """State, reason and (unless `evidencia` is False: a re-judgement of the same photo) the
    receipt evidence; entering review opens a new review round."""
    if evaluacion.estado == Estado.EN_REVISION and venta.estado != Estado.EN_REVISION:
        venta.ronda_revision += 1
    venta.estado = evaluacion.estado
    venta.motivo = evaluacion.motivo
    venta.motivo_detalle = evaluacion.detalle
    venta.duplicado_de = evaluacion.duplicado_de
    venta.diferencia_pct = evaluacion.diferencia_pct
    foto = evaluacion.foto
    if foto is None or not evidencia:
        return
    reading = foto.reading
    venta.comprobante = comprobantes.guardar_comprobante(foto)
    venta.lectura = reading.to_dict() if reading else {"error": foto.error.code}
    venta.monto_leido = reading.total if reading else None
    venta.tubos_leidos = reading.tubos if reading else None
    venta.clave_recibo = (duplicate_key(reading) or "") if reading else ""


def _crear_detalles(venta: Venta, mensaje: MensajeVenta, leidos: list[dict[str, Any]]) -> None:
    if mensaje.producto:
        Detalle.objects.create(
            venta=venta,
            descripcion=mensaje.producto,
            cantidad=Decimal(mensaje.tubos or 1),
            precio_unitario=(mensaje.monto / mensaje.tubos).quantize(Decimal("0.01"))
            if mensaje.tubos
            else mensaje.monto,
            importe=mensaje.monto,
            origen=Detalle.Origen.TECLEADO,
        )
    for item in leidos:
        Detalle.objects.create(venta=venta, origen=Detalle.Origen.RECIBO, **item)


def guardar_vendedor(*, vendedor: Vendedor, actor: str) -> Vendedor:
    """Save a seller's edited data (name, active) with an audit entry and the NocoDB sync."""
    with transaction.atomic():
        antes = (
            Vendedor.objects.filter(pk=vendedor.pk).values("username", "nombre", "activo").first()
        )
        vendedor.save()
        despues = {
            "username": vendedor.username,
            "nombre": vendedor.nombre,
            "activo": vendedor.activo,
        }
        if antes != despues:
            Auditoria.objects.create(
                actor=actor,
                accion="editar_vendedor",
                modelo="Vendedor",
                objeto_id=vendedor.pk,
                antes=antes,
                despues=despues,
            )
            outbox.registrar(vendedor)
        return vendedor


def registrar_invalido(*, evento: EventoEntrante, post: IncomingPost, problema: str) -> None:
    """A sales attempt with a missing or malformed field: no sale, a Spanish reply, ✗."""
    clave = f"{post.post_id}:invalido:{evento.id}"
    avisos.responder(
        venta=None,
        post_id=post.post_id,
        channel_id=post.channel_id,
        root_id=hilo_de(post),
        clave=clave,
        mensaje=mensajes.mensaje_invalido(problema),
    )
    avisos.reaccionar(
        venta=None,
        post_id=post.post_id,
        channel_id=post.channel_id,
        emoji="x",
        clave=f"{clave}:x",
    )


# --- Changing a sale -----------------------------------------------------------------------------


def corregir_venta(
    *,
    venta: Venta,
    mensaje: MensajeVenta,
    actor: str,
    nota: str = "",
) -> Venta:
    """Apply corrected data to a sale not yet decided by a reviewer: the receipt it already
    has is judged again against the new data, and the commission follows.

    A sale a reviewer already decided is not changed: it goes back to review
    (`editada_tras_decision`) with a new round.
    """
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if venta.estado == Estado.ANULADA:
            return venta
        if venta.estado in ESTADOS_DECIDIDOS:
            return _marcar(venta, Revision(Motivo.EDITADA_TRAS_DECISION, nota), actor)
        antes, estado_anterior = snapshot(venta), venta.estado
        venta.cliente, venta.monto, venta.tubos = mensaje.cliente, mensaje.monto, mensaje.tubos
        venta.producto, venta.nota = mensaje.producto, mensaje.nota
        venta.comision = calcular_comision(venta.tubos, _regla(venta))
        foto = comprobantes.foto_de(venta)
        if venta.estado != Estado.ESPERANDO_FOTO or foto is None:
            evaluacion = comprobantes.evaluar(mensaje, foto, venta=venta)
            _aplicar_evaluacion(venta, evaluacion, evidencia=False)
        venta.version += 1
        venta.save()
        venta.detalles.filter(origen=Detalle.Origen.TECLEADO).delete()
        _crear_detalles(venta, mensaje, [])
        auditar(venta, actor=actor, accion="corregir", antes=antes, nota=nota)
        _notificar_estado(venta, estado_anterior=estado_anterior, clave="correccion")
        outbox.registrar(venta)
        return venta


def marcar_revision(*, venta: Venta, revision: Revision, actor: str = SISTEMA) -> Venta:
    """Flag a sale for review: a new review round, ⚠, and a reply saying why."""
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        return _marcar(venta, revision, actor)


def _marcar(venta: Venta, revision: Revision, actor: str) -> Venta:
    antes, estado_anterior = snapshot(venta), venta.estado
    if venta.estado in (Estado.RECHAZADA, Estado.ANULADA):
        venta.comision = calcular_comision(venta.tubos, _regla(venta))
    _aplicar_revision(venta, revision)
    venta.version += 1
    venta.save()
    auditar(venta, actor=actor, accion="marcar_revision", antes=antes, nota=revision.detalle)
    _notificar_estado(venta, estado_anterior=estado_anterior, clave="revision")
    outbox.registrar(venta)
    return venta


def _aplicar_revision(venta: Venta, revision: Revision) -> None:
    """Flag the sale; entering review opens a new round."""
    if venta.estado != Estado.EN_REVISION:
        venta.ronda_revision += 1
    venta.estado, venta.motivo, venta.motivo_detalle = (
        Estado.EN_REVISION,
        revision.motivo,
        revision.detalle,
    )


def anular_venta(*, venta: Venta, actor: str, nota: str = "") -> Venta:
    """The post was deleted: the sale stays in the ledger as `anulada`, its commission reversed."""
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if venta.estado == Estado.ANULADA:
            return venta
        antes, estado_anterior = snapshot(venta), venta.estado
        venta.estado = Estado.ANULADA
        venta.comision = Decimal("0.00")
        venta.version += 1
        venta.save()
        auditar(venta, actor=actor, accion="anular", antes=antes, nota=nota)
        _cambiar_reaccion(venta, estado_anterior)
        outbox.registrar(venta)
        return venta


def decidir_revision(
    *,
    venta: Venta,
    ronda: int,
    aprobar: bool,
    revisor: str,
    monto: Decimal | None = None,
    tubos: int | None = None,
    razon: str = "",
    version: int | None = None,
) -> Venta:
    """A reviewer's decision on one review round; a round is decided once.

    `version` is the sale's version the reviewer saw: a sale that changed since (a new photo,
    an edit) is not decided on stale evidence.

    Approving keeps the chosen amount and tubes and recomputes the commission with the sale's
    own rule; rejecting needs a reason. Raises VentaYaDecidida when the round is over.
    """
    if not aprobar and not razon.strip():
        raise ValueError("Para rechazar una venta hay que escribir la razón.")
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        if venta.estado != Estado.EN_REVISION or venta.ronda_revision != ronda:
            raise VentaYaDecidida(f"La ronda {ronda} de la venta {venta.pk} ya se decidió.")
        if version is not None and venta.version != version:
            raise VentaYaDecidida(f"La venta {venta.pk} cambió desde la versión {version}.")
        antes, estado_anterior = snapshot(venta), venta.estado
        if aprobar:
            venta.monto = monto if monto is not None else venta.monto
            venta.tubos = tubos if tubos is not None else venta.tubos
            venta.comision = calcular_comision(venta.tubos, _regla(venta))
            venta.estado = Estado.APROBADA
        else:
            venta.estado = Estado.RECHAZADA
            venta.comision = Decimal("0.00")
        venta.version += 1
        venta.save()
        auditar(
            venta,
            actor=revisor,
            accion="aprobar" if aprobar else "rechazar",
            antes=antes,
            nota=razon,
        )
        texto = (
            mensajes.venta_aprobada(venta, revisor, progreso(venta.vendedor, mes_de(venta.fecha)))
            if aprobar
            else mensajes.venta_rechazada(venta, revisor, razon.strip())
        )
        _responder(venta, "decision", texto)
        _cambiar_reaccion(venta, estado_anterior)
        outbox.registrar(venta)
        return venta


def _regla(venta: Venta) -> ReglaComision:
    return ReglaComision(por_tubo=venta.comision_por_tubo, umbral=venta.comision_umbral)


# --- Audit and side effects ----------------------------------------------------------------------


def snapshot(venta: Venta) -> dict[str, Any]:
    return {
        "estado": venta.estado,
        "motivo": venta.motivo,
        "cliente": venta.cliente,
        "monto": str(venta.monto),
        "tubos": venta.tubos,
        "comision": str(venta.comision),
        "ronda_revision": venta.ronda_revision,
    }


def auditar(
    venta: Venta, *, actor: str, accion: str, antes: dict[str, Any] | None, nota: str = ""
) -> Auditoria:
    return Auditoria.objects.create(
        actor=actor,
        accion=accion,
        modelo="Venta",
        objeto_id=venta.pk,
        venta=venta,
        antes=antes,
        despues=snapshot(venta),
        nota=nota,
    )


def _notificar_estado(venta: Venta, *, estado_anterior: str | None, clave: str) -> None:
    prog = progreso(venta.vendedor, mes_de(venta.fecha))
    if venta.estado == Estado.EN_REVISION:
        texto = mensajes.venta_en_revision(venta, prog)
    elif venta.estado == Estado.ESPERANDO_FOTO:
        texto = mensajes.foto_inservible(venta)
    elif clave == "correccion":
        texto = mensajes.venta_corregida(venta, prog)
    else:
        texto = mensajes.venta_registrada(venta, prog)
    if clave == "foto":
        texto = f"{mensajes.FOTO_RECIBIDA}\n{texto}"
    _responder(venta, clave, texto)
    _cambiar_reaccion(venta, estado_anterior)


def _responder(venta: Venta, tipo: str, texto: str) -> None:
    avisos.responder(
        venta=venta,
        post_id=venta.post_id,
        channel_id=venta.channel_id,
        root_id=venta.root_id,
        clave=f"{venta.post_id}:{tipo}:v{venta.version}",
        mensaje=texto,
    )


def _cambiar_reaccion(venta: Venta, estado_anterior: str | None) -> None:
    """A new state replaces the earlier reaction: remove the old emoji, add the new one."""
    viejo = REACCION_POR_ESTADO.get(estado_anterior) if estado_anterior else None
    nuevo = REACCION_POR_ESTADO.get(venta.estado)
    if viejo == nuevo:
        return
    base = f"{venta.post_id}:reaccion:v{venta.version}"
    if viejo:
        avisos.reaccionar(
            venta=venta,
            post_id=venta.post_id,
            channel_id=venta.channel_id,
            emoji=viejo,
            clave=f"{base}:-{viejo}",
            quitar=True,
        )
    if nuevo:
        avisos.reaccionar(
            venta=venta,
            post_id=venta.post_id,
            channel_id=venta.channel_id,
            emoji=nuevo,
            clave=f"{base}:+{nuevo}",
        )
