"""Generate Spanish tickets with known truth.

    python -m bench.tickets --out var/tickets --layouts abarrotes,ferreteria,tlapaleria,mostrador \
        --count 40 --seed 1

writes var/tickets/<layout>/<clean|photo>/ with PNG (clean) or JPEG (photo) images and a
labels.jsonl: {"file", "total", "tubos", "layout", "font", "style", "items": [...]}.
With --qr every ticket carries a fiscal QR code (bench/tickets/fiscal_qr.py) of a random format
and print (large, small, blurred, cut off), labelled qr_formato, qr_tipo, qr_documento,
qr_modulo_px (a module's side in the image's pixels) and qr_legible (whole, and modules of at
least fiscal_qr.LEGIBLE_MODULE_PX); `manage.py ocr_bench` then reports the codes read.
The same seed gives the same tickets (given the same fonts installed).
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

from bench.tickets import fiscal_qr
from bench.tickets.content import Ticket, make_ticket
from bench.tickets.layouts import HELD_OUT, LAYOUTS, STYLES, fonts_for
from bench.tickets.photo import magnification, photograph
from bench.tickets.render import available, render


def generate(
    out: Path, layouts: list[str], count: int, seed: int, variants: list[str], qr: bool = False
) -> None:
    for layout in layouts:
        fonts = available(fonts_for(layout))
        for variant in variants:
            folder = out / layout / variant
            folder.mkdir(parents=True, exist_ok=True)
            # One stream per (layout, variant): adding a layout does not change the others.
            rng = random.Random(f"{seed}-{layout}-{variant}")
            with open(folder / "labels.jsonl", "w", encoding="utf-8") as labels:
                for n in range(count):
                    ticket = make_ticket(rng)
                    font = rng.choice(fonts)
                    code = _fiscal_code(ticket, rng) if qr else None
                    name, data, module = ticket_image(ticket, layout, font, variant, rng, code)
                    (folder / f"{n:03d}{name}").write_bytes(data)
                    label = _label(f"{n:03d}{name}", ticket, layout, font, variant)
                    if code:
                        label.update(_code_label(code, module))
                    labels.write(json.dumps(label) + "\n")
        print(
            f"{layout}{' (held out)' if layout in HELD_OUT else ''}: "
            f"{count} x {variants} -> {out / layout}"
        )


def _fiscal_code(ticket: Ticket, rng: random.Random) -> dict:
    fmt, kind = rng.choice(fiscal_qr.FORMATS), rng.choice(list(fiscal_qr.KINDS))
    texto, documento = fiscal_qr.content(ticket, fmt, rng)
    label = {"qr_formato": fmt, "qr_tipo": kind, "qr_documento": documento}
    return {"texto": texto, "kind": kind, "label": label}


def _code_label(code: dict, module: float) -> dict:
    """A code is legible when it is whole and its modules are large enough in the image."""
    legible = code["kind"] != "cortado" and module >= fiscal_qr.LEGIBLE_MODULE_PX
    return {**code["label"], "qr_modulo_px": round(module, 2), "qr_legible": legible}


def ticket_image(
    ticket: Ticket,
    layout: str,
    font: tuple[str, str],
    variant: str,
    rng: random.Random,
    code: dict | None = None,
) -> tuple[str, bytes, float]:
    """(suffix, image, the side of the code's modules in the image's pixels, 0 without one)."""
    clean = render(LAYOUTS[layout](ticket), font, rng)
    printed = None
    if code:
        clean, printed = fiscal_qr.with_code(clean, code["texto"], code["kind"])
    if variant == "clean":
        buffer = io.BytesIO()
        clean.save(buffer, "PNG", optimize=True)
        return ".png", buffer.getvalue(), printed.module if printed else 0.0
    data, matrix = photograph(clean, rng, harsh=variant == "harsh")
    if printed is None:
        return ".jpg", data, 0.0
    return ".jpg", data, printed.module * magnification(matrix, printed.x, printed.y)


def _label(file: str, ticket: Ticket, layout: str, font: tuple[str, str], variant: str) -> dict:
    return {
        "file": file,
        "total": f"{ticket.total:.2f}",
        "tubos": ticket.tubos,
        "layout": layout,
        "held_out": layout in HELD_OUT,
        "variant": variant,
        "font": font[0],
        "style": STYLES.get(layout, ticket.style),
        "fecha": ticket.when.date().isoformat(),
        "comercio": ticket.store,
        "items": [
            {
                "cantidad": i.cantidad,
                "descripcion": i.descripcion,
                "importe": f"{i.importe:.2f}",
                "es_tubo": i.es_tubo,
            }
            for i in ticket.items
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=Path("var/tickets"))
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument(
        "--variants", default="clean,photo", help="clean, photo, harsh (blurry+dark)"
    )
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--qr", action="store_true", help="print a fiscal QR code under every ticket"
    )
    args = parser.parse_args()
    layouts = [name.strip() for name in args.layouts.split(",") if name.strip()]
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        parser.error(f"unknown layouts {sorted(unknown)}; known: {sorted(LAYOUTS)}")
    generate(args.out, layouts, args.count, args.seed, args.variants.split(","), args.qr)


if __name__ == "__main__":
    main()
