"""Every word salesbot says to a person in Mattermost, in Mexican Spanish: the one catalogue, so
the wording stays consistent and can be reviewed in one place.

- `thread`: what the bot writes in a sale's thread (and in the direct message of a `/venta`):
  registered, in review, waiting for a photo, approved, rejected, corrected, and the reasons.
- `fields`: what is wrong with a field of a sale message (`@monto`, `@tubos`, `@cliente`).
- `photos`: what is wrong with a receipt photo, by the code the OCR gives.
- `slash`: the slash commands' answers (`/ventas`, `/comision`, `/meta`, `/ranking`, `/venta`)
  and their errors.

Here: how amounts, months and counts read everywhere (`$1,500.00`, «noviembre 2026», «1 tubo»).
Pages in the admin speak through Django's own translations and the templates.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

# The example of a sale message every help and error shows.
EJEMPLO = "@monto 1500 @cliente Juan Pérez @tubos 5"

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def dinero(amount: Decimal) -> str:
    """`$1,500.00`, and `-$20.00` for a clawback (not `$-20.00`)."""
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def nombre_mes(mes: dt.date) -> str:
    return f"{MESES[mes.month - 1]} {mes.year}"


def plural(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def tubos(n: int) -> str:
    return f"{n} {plural(n, 'tubo', 'tubos')}"


def ventas(n: int) -> str:
    return f"{n} {plural(n, 'venta', 'ventas')}"


# What people typed, echoed back, must read as they typed it and do nothing else in Mattermost:
# no @channel/@all/@here or @user mention and no ~channel link (a zero-width space after the @
# or ~ breaks it: Mattermost matches the sign followed by name characters), no Markdown (a
# backslash before the signs CommonMark gives a meaning), no link or image unfurl (a zero-width
# space inside `://` and `www.` stops the autolinker), no emoji (`:white_check_mark:` would
# pass for the bot's own ✅: a zero-width space after the colon leaves no emoji of that name),
# on one line, and no bidirectional override that would show the rest of the reply backwards.
_ZWSP = "\u200b"
_MARKDOWN = re.compile(r"([\\`*_\[\]()#>!|<])")
_LINKS_AND_EMOJI = re.compile(r"(?i)(?<=:)(?=\S)|(?<=\bwww)(?=\.)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Longest echo of one field: enough to recognise it, never enough to fill a reply.
ECO_MAXIMO = 200


def literal(text: str, limit: int = ECO_MAXIMO) -> str:
    """`text` as typed by a person, safe to put inside the bot's Markdown message."""
    text = _CONTROL.sub(" ", _BIDI.sub("", str(text))).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _LINKS_AND_EMOJI.sub(_ZWSP, text)
    return text.replace("@", "@" + _ZWSP).replace("~", "~" + _ZWSP)
