"""The one family of errors the pipeline raises.

Each error carries a machine `code` (stable, for logs, tests and the sale's state) and a
`mensaje` in plain Spanish that the bot can post to the seller as it is.
"""

from __future__ import annotations


class OcrError(Exception):
    code = "error_ocr"
    mensaje = "No pude leer el comprobante. Intenta enviar la foto de nuevo."

    def __init__(self, detail: str = "", *, mensaje: str | None = None) -> None:
        # `detail` is for logs (English, technical); `mensaje` is what the seller reads.
        super().__init__(detail or self.code)
        self.detail = detail
        if mensaje is not None:
            self.mensaje = mensaje


class FormatoNoSoportado(OcrError):
    code = "formato_no_soportado"
    mensaje = "El archivo no es una foto que pueda leer. Envía el comprobante como JPG, PNG o WebP."


class ArchivoDemasiadoGrande(OcrError):
    code = "archivo_demasiado_grande"
    mensaje = "La foto pesa demasiado. Envíala con menor resolución o como JPG."


class ImagenDemasiadoGrande(OcrError):
    code = "imagen_demasiado_grande"
    mensaje = "La foto tiene demasiados píxeles. Envíala con menor resolución."


class ImagenDanada(OcrError):
    code = "imagen_danada"
    mensaje = "La foto llegó dañada y no se puede abrir. Tómala y envíala de nuevo."


class OcrNoDisponible(OcrError):
    """Tesseract is missing, failed or timed out: our side, not the seller's photo."""

    code = "ocr_no_disponible"
    mensaje = (
        "No pude leer el comprobante por un problema del sistema. Lo revisará una persona; "
        "no hace falta que lo envíes de nuevo."
    )


class OcrTiempoAgotado(OcrNoDisponible):
    """One Tesseract call took longer than OCR_TIMEOUT (the pipeline skips that pass)."""

    code = "ocr_tiempo_agotado"
