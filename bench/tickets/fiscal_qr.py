"""Fiscal QR codes for generated tickets (issue 11): the content of each format, as the tax
authority prints it, holding the ticket's total and date, and the code drawn under the ticket:
large and sharp, small, blurred, or partly cut off (then it must not be read, and is not
labelled legible).

The `qrcode` package (a dev dependency) draws them; ocr/fiscal.py must parse every content made
here, and the document id it returns is the label's `qr_documento`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import uuid
from dataclasses import dataclass

import cv2
import numpy as np
import qrcode
from PIL import Image

from bench.tickets.content import Ticket
from ocr.fiscal import crc8

FORMATS = ("cfdi", "afip", "verifactu", "ticketbai", "sunat", "dian")
# How the code is printed: (side in px on the clean ticket, blur sigma, share cut off).
KINDS = {
    "grande": (260, 0.0, 0.0),
    "chico": (110, 0.0, 0.0),
    "borroso": (200, 1.6, 0.0),
    "cortado": (200, 0.0, 0.45),
}


def content(ticket: Ticket, fmt: str, rng: random.Random) -> tuple[str, str]:
    """(what the QR holds, the document id ocr/fiscal.py reads from it)."""
    return _MAKERS[fmt](ticket, f"{ticket.total:.2f}", ticket.when.date(), rng)


def _cfdi(ticket, total, day, rng):
    ident = str(uuid.UUID(int=rng.getrandbits(128))).upper()
    url = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"
    if ident[0] in "0123":
        # A quarter print CFDI 3.2's code, the bare query with no host (docs/fiscal-codes.md),
        # chosen from the id so that the other tickets of a seed stay as they were.
        return f"?re=XOCD720319T86&rr=CARR861127SB0&tt={ticket.total:017.6f}&id={ident}", ident
    # The SAT's layout opens the query with `?&id=` (docs/fiscal-codes.md).
    query = f"&id={ident}&re=XOCD720319T86&rr=CARR861127SB0&tt={ticket.total:017.6f}&fe=rH8/bw=="
    return f"{url}?{query}", ident


def _afip(ticket, total, day, rng):
    cuit, pto, nro = 30000000000 + rng.randrange(10**9), rng.randint(1, 99), rng.randint(1, 9999)
    datos = {"ver": 1, "fecha": day.isoformat(), "cuit": cuit, "ptoVta": pto, "tipoCmp": 6,
             "nroCmp": nro, "importe": float(ticket.total), "moneda": "PES", "ctz": 1}  # fmt: skip
    p = base64.b64encode(json.dumps(datos).encode()).decode()
    return f"https://www.afip.gob.ar/fe/qr/?p={p}", f"{cuit}-{pto}-6-{nro}"


def _verifactu(ticket, total, day, rng):
    serie = f"{rng.randint(10**7, 10**8 - 1)}-G{rng.randint(10, 99)}"
    url = "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR"
    query = f"nif=89890001K&numserie={serie}&fecha={day.strftime('%d-%m-%Y')}&importe={total}"
    return f"{url}?{query}", f"89890001K-{serie}"


def _ticketbai(ticket, total, day, rng):
    # The signature's first 13 characters, drawn from one number as before the check codes
    # were added, so that every other ticket of a seed stays the same.
    semilla = rng.randint(100, 999)
    firma = hashlib.sha256(f"{semilla}{total}{day}".encode()).hexdigest()[:13]
    ident = f"TBAI-00000006Y-{day.strftime('%d%m%y')}-{firma}-"
    ident += f"{crc8(ident):03d}"
    url = f"https://batuz.eus/QRTBAI/?id={ident}&s=T&nf={rng.randint(1, 99999)}&i={total}"
    return f"{url}&cr={crc8(url):03d}", ident


def _sunat(ticket, total, day, rng):
    numero = f"{rng.randint(1, 99999999):08d}"
    igv = (ticket.total * 18 / 118).quantize(ticket.total)
    campos = ["20100066603", "01", "F001", numero, str(igv), total, day.isoformat(), "6"]
    return "|".join([*campos, "20123456789", ""]), f"20100066603-01-F001-{numero}"


def _dian(ticket, total, day, rng):
    cufe = f"{rng.getrandbits(160):040x}"
    numero = rng.randint(10**8, 10**9 - 1)
    texto = f"NumFac: SETP{numero}\nFecFac: {day.isoformat()}\nValTolFac: {total}\nCUFE: {cufe}"
    return texto, cufe


_MAKERS = {
    "cfdi": _cfdi,
    "afip": _afip,
    "verifactu": _verifactu,
    "ticketbai": _ticketbai,
    "sunat": _sunat,
    "dian": _dian,
}


# A code counts as legible (not merely printed) when each of its modules spans at least this
# many pixels of the image the reader gets: below it a module covers two pixels or fewer, which
# the photo's blur and JPEG mix with its neighbours'. Barcode readers document this floor
# ("at least 3, preferably 5-8" pixels a module for grading a QR code, Beckhoff's
# F_VN_GradeQRCode; OpenCV's ArUco-based QR detector stops at 4 by default); bench/ocr_bench.py
# reports the smaller codes apart (docs/benchmarks.md).
LEGIBLE_MODULE_PX = 3.0


@dataclass(frozen=True)
class PrintedCode:
    """Where the code sits on the clean ticket (its centre) and its module's side there."""

    x: float
    y: float
    module: float


def with_code(clean: Image.Image, texto: str, kind: str) -> tuple[Image.Image, PrintedCode]:
    """The ticket with its QR code printed under the last line, centred."""
    side, sigma, cut = KINDS[kind]
    drawn = qrcode.QRCode(border=2)
    drawn.add_data(texto)
    code = drawn.make_image().get_image().convert("L").resize((side, side), Image.NEAREST)
    modules = drawn.modules_count + 2 * drawn.border
    if sigma:
        blurred = cv2.GaussianBlur(np.asarray(code), (0, 0), sigma)
        code = Image.fromarray(blurred)
    if cut:
        code = code.crop((0, 0, side, round(side * (1 - cut))))  # torn off at the bottom
    ticket = Image.new("L", (clean.width, clean.height + code.height + 30), 248)
    ticket.paste(clean, (0, 0))
    ticket.paste(code, ((clean.width - code.width) // 2, clean.height))
    return ticket, PrintedCode(clean.width / 2, clean.height + side / 2, side / modules)
