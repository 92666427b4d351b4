"""Write the small generated tickets that the `tesseract`-marked tests read.

    python -m bench.make_fixtures   # -> tests/fixtures/receipts/

The images are committed: rendering them at test time would drift with the installed fonts.
Run this again only to change the fixtures on purpose, then update the tests' expectations.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from PIL import Image

from bench.tickets.__main__ import ticket_image
from bench.tickets.content import make_ticket
from bench.tickets.layouts import fonts_for
from bench.tickets.render import available

OUT = Path("tests/fixtures/receipts")
# (file, layout, variant, number style wanted, font index, seed)
FIXTURES = (
    ("ticket_abarrotes_limpio.png", "abarrotes", "clean", "us", 0, 11),
    ("ticket_tlapaleria_limpio.png", "tlapaleria", "clean", "eu", 1, 12),
    ("ticket_ferreteria_foto.jpg", "ferreteria", "photo", "us", 0, 13),
    ("ticket_mostrador_foto.jpg", "mostrador", "photo", "eu", 0, 14),
    ("ticket_borroso_oscuro.jpg", "abarrotes", "harsh", "us", 0, 15),
)
MAX_SIDE = 1300  # keeps each photo near 150 KB


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    truth = {}
    for name, layout, variant, style, font_index, seed in FIXTURES:
        rng = random.Random(seed)
        ticket = make_ticket(rng)
        while (
            ticket.style != style
            or not any(i.es_tubo for i in ticket.items)
            or len(ticket.items) > 5
        ):
            ticket = make_ticket(rng)
        font = available(fonts_for(layout))[font_index]
        _, data = ticket_image(ticket, layout, font, variant, rng)
        if variant != "clean":
            data = _shrink(data)
        (OUT / name).write_bytes(data)
        truth[name] = {
            "total": f"{ticket.total:.2f}",
            "tubos": ticket.tubos,
            "fecha": ticket.when.date().isoformat(),
            "comercio": ticket.store,
            "layout": layout,
            "variant": variant,
            "items": [[i.cantidad, i.descripcion, f"{i.importe:.2f}"] for i in ticket.items],
        }
        print(f"{name}: {len(data) // 1024} KB total={ticket.total} tubos={ticket.tubos}")
    (OUT / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n")


def _shrink(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
