"""Benchmark the pipeline on labelled folders: accuracy, `--verify` outcomes, time vs plain
Tesseract, peak memory. See bench/ocr_bench.py and docs/benchmarks.md (## OCR).

    python manage.py ocr_bench DIR [DIR ...] [--verify] [--no-plain] [--limit N] [--records F]
        [--recognizers]   # PP-OCR alone, Tesseract alone and the combination, same images
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bench.ocr_bench import (
    find_folders,
    format_result,
    peak_memory_mb,
    recognizer_configs,
    run_folder,
)
from ocr.config import OcrConfig
from ocr.reader import get_reader


class Command(BaseCommand):
    help = "Mide la lectura de comprobantes en carpetas con labels.jsonl."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("dirs", nargs="+")
        parser.add_argument("--verify", action="store_true", help="also check typed amounts")
        parser.add_argument("--no-plain", action="store_true", help="skip plain Tesseract timing")
        parser.add_argument("--limit", type=int, help="at most N images per folder")
        parser.add_argument("--records", help="write one JSON line per image to this file")
        parser.add_argument(
            "--recognizers",
            action="store_true",
            help="also run PP-OCR alone and Tesseract alone on the same images",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folders = list(find_folders([Path(d) for d in options["dirs"]]))
        if not folders:
            raise CommandError("no labels.jsonl under the given folders")
        config, reader = OcrConfig.from_settings(), get_reader()
        configs = recognizer_configs(config) if options["recognizers"] else {"": config}
        with contextlib.ExitStack() as stack:
            records = None
            if options["records"]:
                records = stack.enter_context(open(options["records"], "w", encoding="utf-8"))
            for folder in folders:
                for name, each in configs.items():
                    result = run_folder(
                        folder,
                        reader,
                        each,
                        verify=options["verify"],
                        plain=not options["no_plain"] and each is config,
                        limit=options["limit"],
                        records=records,
                    )
                    label = f"[{name}] " if name else ""
                    self.stdout.write(label + format_result(result, options["verify"]))
                    sys.stdout.flush()
        own, child = peak_memory_mb()
        self.stdout.write(f"peak RSS: worker {own:.0f} MB, largest tesseract child {child:.0f} MB")
