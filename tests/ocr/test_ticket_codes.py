"""The generated tickets' fiscal codes (bench/tickets): how large a code's modules come out in
the image, which decides whether the benchmark counts it as legible, and that every content the
generator prints is one ocr/fiscal.py reads back."""

import random

import numpy as np
import pytest
from PIL import Image

from bench.tickets import fiscal_qr
from bench.tickets.__main__ import _code_label
from bench.tickets.content import make_ticket
from bench.tickets.photo import magnification, photograph
from ocr.fiscal import parse_fiscal

CFDI = (
    "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?"
    "id=5803EB8D-81CD-4557-8719-26632D2FA434&re=XAXX010101000&rr=XEXX010101000"
    "&tt=1500.00&fe=A1B2C3D4"
)


def _ticket() -> Image.Image:
    return Image.new("L", (600, 900), 248)


def test_a_code_s_module_is_its_side_in_the_image_over_its_modules_border_included():
    image, printed = fiscal_qr.with_code(_ticket(), "X", "grande")  # 21 modules and 2 x 2 border
    assert printed.module == pytest.approx(fiscal_qr.KINDS["grande"][0] / 25)
    # The finder pattern's top edge is a dark run of exactly seven modules.
    dark = np.asarray(image)[900:] < 128
    row = dark[dark.any(axis=1)][0]
    first = np.flatnonzero(row)[0]
    run = np.flatnonzero(~row[first:])[0]
    assert run == pytest.approx(7 * printed.module, abs=1)


@pytest.mark.parametrize(("kind", "legible"), [("grande", True), ("chico", False)])
def test_a_code_is_legible_when_its_modules_span_three_pixels(kind, legible):
    _, printed = fiscal_qr.with_code(_ticket(), CFDI, kind)
    label = _code_label({"kind": kind, "label": {"qr_tipo": kind}}, printed.module)
    assert label["qr_legible"] is legible
    assert label["qr_modulo_px"] == round(printed.module, 2)


def test_a_cut_code_is_never_legible_however_large():
    _, printed = fiscal_qr.with_code(_ticket(), CFDI, "cortado")
    assert printed.module >= fiscal_qr.LEGIBLE_MODULE_PX
    label = _code_label({"kind": "cortado", "label": {}}, printed.module)
    assert label["qr_legible"] is False


def test_magnification_is_the_linear_scale_of_the_perspective_at_a_point():
    assert magnification(np.diag([2.0, 2.0, 1.0]), 10, 10) == pytest.approx(2.0)
    assert magnification(np.diag([3.0, 0.5, 1.0]), 10, 10) == pytest.approx(np.sqrt(1.5))
    tilted = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.001, 0.0, 1.0]])
    assert magnification(tilted, 0, 0) > magnification(tilted, 500, 0)


def test_a_photographed_code_shrinks_with_the_ticket_in_the_photo():
    image, printed = fiscal_qr.with_code(_ticket(), CFDI, "grande")
    _, matrix = photograph(image, random.Random(3))
    scale = magnification(matrix, printed.x, printed.y)
    # A ticket 1,160 px tall fills 55-85 % of a photo 1,100-1,700 px tall, 0.75 as wide.
    assert 0.4 < scale < 1.3


@pytest.mark.parametrize("fmt", fiscal_qr.FORMATS)
def test_every_code_the_generator_prints_is_read_back_with_its_total_and_document(fmt):
    rng = random.Random(7)
    contents = []
    for _ in range(40):
        ticket = make_ticket(rng)
        texto, documento = fiscal_qr.content(ticket, fmt, rng)
        codigo = parse_fiscal(texto)
        assert codigo is not None, texto
        assert (codigo.formato, codigo.total, codigo.documento) == (fmt, ticket.total, documento)
        contents.append(texto)
    if fmt == "cfdi":
        # Both of the SAT's layouts: the verification URL, and CFDI 3.2's bare query.
        assert any(t.startswith("https://") for t in contents)
        assert any(t.startswith("?re=") for t in contents)
