"""The one family of errors the pipeline raises.

Each error carries a machine `code` (stable, for logs, tests and the sale's state); what the
seller reads for each code is in the bot's catalogue (`sales.texts.photos`), not here.
"""

from __future__ import annotations


class OcrError(Exception):
    code = "error_ocr"

    def __init__(self, detail: str = "") -> None:
        # `detail` is for logs (English, technical).
        super().__init__(detail or self.code)
        self.detail = detail

    @classmethod
    def from_code(cls, code: str, detail: str = "") -> OcrError:
        """The error a stored `code` names (an unknown code stays a plain OcrError)."""
        known = {c.code: c for c in _family(OcrError)}
        return known.get(code, OcrError)(detail)


def _family(cls: type[OcrError]) -> list[type[OcrError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _family(sub))]


class FormatoNoSoportado(OcrError):
    code = "formato_no_soportado"


class ArchivoDemasiadoGrande(OcrError):
    code = "archivo_demasiado_grande"


class ImagenDemasiadoGrande(OcrError):
    code = "imagen_demasiado_grande"


class ImagenDanada(OcrError):
    code = "imagen_danada"


class FotoNoDescargada(OcrError):
    """The photo could not be downloaded from Mattermost (gone, or too big to fetch)."""

    code = "foto_no_descargada"


class OcrNoDisponible(OcrError):
    """Tesseract is missing, failed or timed out: our side, not the seller's photo."""

    code = "ocr_no_disponible"


class OcrTiempoAgotado(OcrNoDisponible):
    """One Tesseract call took longer than OCR_TIMEOUT (the pipeline skips that pass)."""

    code = "ocr_tiempo_agotado"
