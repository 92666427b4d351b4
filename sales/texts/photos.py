"""What is wrong with a receipt photo, as the seller reads it, by what `ocr` found: an error's
code, or the quality flags of a reading."""

from __future__ import annotations

from django.conf import settings

from ocr.result import Quality

_NO_LEIDA = "No pude leer el comprobante. Intenta enviar la foto de nuevo."
_SISTEMA = (
    "No pude leer el comprobante por un problema del sistema. Lo revisará una persona; "
    "no hace falta que lo envíes de nuevo."
)
POR_CODIGO = {
    "error_ocr": _NO_LEIDA,
    "formato_no_soportado": (
        "El archivo no es una foto que pueda leer. Envía el comprobante como foto: JPG, PNG, "
        "WebP, HEIC (la del iPhone) o AVIF."
    ),
    "archivo_demasiado_grande": (
        "La foto pesa demasiado para leerla (más de {limite}). Envíala de nuevo más ligera: "
        "una captura de pantalla de la foto del ticket funciona, o tómala con la cámara en "
        "menor resolución."
    ),
    "imagen_demasiado_grande": "La foto tiene demasiados píxeles. Envíala con menor resolución.",
    "imagen_danada": "La foto llegó dañada y no se puede abrir. Tómala y envíala de nuevo.",
    "foto_no_descargada": "No pude descargar la foto. Envíala de nuevo.",
    "ocr_no_disponible": _SISTEMA,
    "ocr_tiempo_agotado": _SISTEMA,
}

OSCURA = "La foto está muy oscura. Tómala de nuevo con más luz."
PEQUENA = (
    "El comprobante se ve muy pequeño. Acércate para que ocupe casi toda la foto y tómala de nuevo."
)
BORROSA = "La foto salió borrosa. Enfoca el comprobante y tómala de nuevo sin mover el teléfono."


def problema(code: str) -> str:
    limite = f"{settings.OCR_MAX_BYTES / 1_000_000:g} MB"
    return POR_CODIGO.get(code, _NO_LEIDA).format(limite=limite)


def calidad(quality: Quality) -> str:
    """Why a photo is not good enough, first the causes the seller can fix most easily."""
    flags = ((quality.dark, OSCURA), (quality.tiny, PEQUENA), (quality.blurry, BORROSA))
    return " ".join(texto for flag, texto in flags if flag)
