"""Read one receipt photo and show what the bot would understand. Needs no database.

python manage.py ocr_receipt PATH [--monto 1500] [--tubos 5] [--json]
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocr.config import OcrConfig
from ocr.errors import OcrError
from ocr.reader import get_reader
from ocr.result import ReceiptReading
from sales.parsing import ParseError, parse_monto
from sales.rules import check_amount, check_tubes, duplicate_key
from sales.texts import photos


class Command(BaseCommand):
    help = "Lee un comprobante (foto) con OCR y muestra total, tubos, artículos y calidad."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="la foto del comprobante (JPG, PNG, WebP, HEIC o AVIF)")
        parser.add_argument("--monto", help="el monto que escribió el vendedor, p. ej. 1500")
        parser.add_argument("--tubos", type=int, help="los tubos que escribió el vendedor")
        parser.add_argument("--json", action="store_true", help="una sola línea JSON en stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        monto = _parse_monto(options["monto"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"no se puede leer {path}: {exc}") from exc
        config = OcrConfig.from_settings()
        try:
            reading = get_reader()(data, config)
        except OcrError as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {"error": exc.code, "mensaje": photos.problema(exc.code)},
                        ensure_ascii=False,
                    )
                )
            raise CommandError(f"{exc.code}: {photos.problema(exc.code)} ({exc.detail})") from exc
        summary = summarise(reading, config, monto, options["tubos"])
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(_human(summary, reading))


def summarise(
    reading: ReceiptReading, config: OcrConfig, monto: Decimal | None, tubos: int | None
) -> dict[str, Any]:
    data = reading.to_dict()
    summary = {
        "total": data["total"],
        "tubos": reading.tubos,
        "items": data["items"],
        "fecha": data["fecha"],
        "comercio": reading.comercio,
        "confidence": reading.total_confidence,
        "motivo": reading.total_motivo,
        "total_box": data["total_box"],
        "quality": data["quality"],
        "seconds": reading.timings.get("total"),
        "timings": data["timings"],
        "mime": reading.mime,
        "width": reading.width,
        "height": reading.height,
        "sha256": reading.sha256,
        "perceptual_hash": reading.perceptual_hash,
        "duplicate_key": duplicate_key(reading),
        "qr": data["qr"],
        "candidates": data["candidates"],
    }
    if monto is not None:
        check = check_amount(monto, reading, config.tolerancia)
        summary["outcome"] = check.outcome
        summary["evidence"] = list(check.evidence)
        summary["difference_pct"] = (
            None if check.difference_pct is None else str(check.difference_pct)
        )
    if tubos is not None:
        summary["tubos_outcome"] = check_tubes(tubos, reading).outcome
    return summary


def _parse_monto(raw: str | None) -> Decimal | None:
    # The same rule as a seller's `@monto` (`1.500` is one thousand five hundred, `$1500` is fine).
    if raw is None:
        return None
    try:
        return parse_monto(raw)
    except ParseError as exc:
        raise CommandError(f"--monto: {exc.problema}") from None


def _human(summary: dict[str, Any], reading: ReceiptReading) -> str:
    lines = [
        f"Total:     {summary['total'] or '(no encontrado: ' + reading.total_motivo + ')'}",
        f"Confianza: {summary['confidence']:.2f}",
        f"Tubos:     {summary['tubos'] if summary['tubos'] is not None else '(sin tubos)'}",
        f"Fecha:     {summary['fecha'] or '-'}",
        f"Comercio:  {summary['comercio'] or '-'}",
        f"Calidad:   {'bien' if reading.quality.ok else photos.calidad(reading.quality)}",
        f"Tiempo:    {summary['seconds']:.2f} s",
    ]
    for item in reading.items:
        lines.append(
            f"  {item.cantidad} x {item.descripcion} = {item.importe}"
            + ("  [tubo]" if item.es_tubo else "")
        )
    for candidato in reading.candidates[:3]:
        lines.append(f"Candidato: {candidato.value} ({'; '.join(candidato.evidence)})")
    if "outcome" in summary:
        lines.append(f"Resultado: {summary['outcome']} (diferencia {summary['difference_pct']} %)")
        if summary["evidence"]:
            lines.append(f"Por qué:   {'; '.join(summary['evidence'])}")
    return "\n".join(lines)
