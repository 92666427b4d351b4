"""What the review card in the reviewers' channel shows (MATTERMOST_CANAL_REVISION): the sale,
the typed and read figures, the evidence image, and while the sale is in review three buttons
whose context salesbot signs (docs/mattermost-interactive.md). Rendered from the ledger each
time, so the card posted first and every later update show the sale as it is then.

The card is posted and updated through the reply outbox (sales/replies.py, keys
`tarjeta:<sale>` and `tarjeta:<sale>:v<version>`); clicks and dialogs are read in
sales/review_chat.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from sales import evidence
from sales.models import Auditoria, Estado, Motivo, Venta
from sales.posting import PROP_CLAVE  # a card is found again after a retry like any post
from sales.texts import cards as textos

# Button ids: letters only (Mattermost 11.6 routes clicks on [A-Za-z0-9]+).
TICKET, ESCRITO, CORREGIR, RECHAZAR = "ticket", "escrito", "corregir", "rechazar"
DECISIONES = (TICKET, ESCRITO, CORREGIR, RECHAZAR)
PROP_VENTA = "salesbot_venta"


def enabled() -> bool:
    return bool(settings.MATTERMOST_CANAL_REVISION)


def card_key(venta_id: int) -> str:
    return f"tarjeta:{venta_id}"


def signature(venta_id: int | str, ronda: int | str, decision: str) -> str:
    """The HMAC a button's context carries: per sale, round and decision."""
    texto = f"v1|{venta_id}|{ronda}|{decision}"
    return salted_hmac("salesbot.tarjeta", texto, algorithm="sha256").hexdigest()


def valid_signature(contexto: dict[str, Any]) -> bool:
    esperada = signature(
        contexto.get("venta", ""), contexto.get("ronda", ""), contexto.get("decision", "")
    )
    return constant_time_compare(str(contexto.get("firma", "")), esperada)


def action_url() -> str:
    return f"{settings.SALESBOT_PUBLIC_URL}/mattermost/accion"


def message(venta: Venta) -> str:
    enlace = f"{settings.SALESBOT_ADMIN_URL}{reverse('admin:sales_venta_revisar', args=[venta.pk])}"
    return textos.mensaje_tarjeta(venta, enlace)


def props(venta: Venta) -> dict[str, Any]:
    """The card's props, whole (a patch replaces them all): buttons only while in review."""
    pendiente = venta.estado == Estado.EN_REVISION
    decision = None if pendiente else last_decision(venta)
    adjunto: dict[str, Any] = {
        "fallback": f"Venta #{venta.pk}",
        "color": "#FFA500"
        if pendiente
        else ("#2E7D32" if venta.estado == Estado.APROBADA else "#B3261E"),
        "text": textos.estado_tarjeta(venta, decision),
    }
    if pendiente:
        adjunto["actions"] = [
            _button(venta, TICKET, textos.BOTON_TICKET, "success"),
            _button(venta, ESCRITO, textos.BOTON_ESCRITO, "primary"),
            _button(venta, CORREGIR, textos.BOTON_CORREGIR, "default"),
            _button(venta, RECHAZAR, textos.BOTON_RECHAZAR, "danger"),
        ]
    return {"attachments": [adjunto], PROP_VENTA: str(venta.pk), PROP_CLAVE: card_key(venta.pk)}


def _button(venta: Venta, decision: str, nombre: str, estilo: str) -> dict[str, Any]:
    contexto = {
        "venta": str(venta.pk),
        "ronda": str(venta.ronda_revision),
        "decision": decision,
        "firma": signature(venta.pk, venta.ronda_revision, decision),
    }
    return {
        "id": decision,
        "type": "button",
        "name": nombre,
        "style": estilo,
        "integration": {"url": action_url(), "context": contexto},
    }


def last_decision(venta: Venta) -> Auditoria | None:
    decisiones = venta.auditoria.filter(accion__in=("aprobar", "rechazar"))
    return decisiones.order_by("-creado", "-id").first()


def evidence_files(venta: Venta) -> str:
    """The card's images, written under MEDIA_ROOT for its upload: the photo with the read total
    outlined and, for a duplicate, the other sale's too; their paths joined by `|`."""
    archivos = [_evidence_file(venta, venta.ronda_revision)]
    if venta.motivo == Motivo.DUPLICADO and venta.duplicado_de_id:
        archivos.append(_evidence_file(venta.duplicado_de, 0))
    return "|".join(a for a in archivos if a)


def _evidence_file(venta: Venta, ronda: int) -> str:
    if not venta.comprobante_id:
        return ""
    try:
        imagen = evidence.outlined_photo(venta.comprobante, venta.lectura)
    except evidence.SinImagen:
        return ""
    relativo = f"tarjetas/venta-{venta.pk}-r{ronda}.jpg"
    destino = Path(settings.MEDIA_ROOT) / relativo
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(imagen)
    return relativo
