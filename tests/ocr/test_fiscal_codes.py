"""Fiscal codes: six formats parsed strictly (anything else ignored), read for real from QR codes
drawn on the committed tickets (zxing-cpp and Tesseract both run), settling the total and the
date, and giving the strongest duplicate key."""

import base64
import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
from PIL import Image

from ocr import barcodes
from ocr.fiscal import CodigoFiscal, crc8, parse_fiscal
from ocr.pipeline import read_receipt
from ocr.result import ReceiptReading
from ocr.testing import fake_reading
from sales.rules import duplicate_key

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "receipts"
UUID = "5803EB8D-81CD-4557-8719-26632D2FA434"
# The SAT's own layout: the query opens with `?&id=`.
CFDI = (
    "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?"
    f"&id={UUID}&re=XOCD720319T86&rr=CARR861127SB0&tt=0000000999.990000&fe=rH8/bw=="
)
# CFDI 3.2 (until 2018): the bare query, no host (SAT, Anexo 20 version 3.2).
CFDI32 = f"?re=XOCD720319T86&rr=CARR861127SB0&tt=0000000999.990000&id={UUID}"
TBAI = (
    "https://batuz.eus/QRTBAI/?id=TBAI-00000006Y-251019-btFpwP8dcLGAF-237&s=T&nf=27174"
    "&i=4.70&cr=007"
)


def afip(host: str = "www.afip.gob.ar", url_safe: bool = False, **datos) -> str:
    base = {"ver": 1, "fecha": "2020-10-13", "cuit": 30000000007, "ptoVta": 10, "tipoCmp": 1,
            "nroCmp": 94, "importe": 12100, "moneda": "PES", "ctz": 1, **datos}  # fmt: skip
    codifica = base64.urlsafe_b64encode if url_safe else base64.b64encode
    return f"https://{host}/fe/qr/?p=" + codifica(json.dumps(base).encode()).decode()


# Its base64 holds both `+` and `/` (checked in the test below).
AFIP_MAS_BARRA = {"importe": 50.5, "moneda": "~~~?>"}


@pytest.mark.parametrize(
    ("contenido", "esperado"),
    [
        (CFDI, ("cfdi", "999.99", None, UUID)),
        (CFDI32, ("cfdi", "999.99", None, UUID)),
        (afip(), ("afip", "12100.00", "2020-10-13", "30000000007-10-1-94")),
        (
            "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=12345678-G33"
            "&fecha=01-09-2024&importe=241.4",
            ("verifactu", "241.40", "2024-09-01", "89890001K-12345678-G33"),
        ),
        (
            "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K"
            "&numserie=12345678-G33&fecha=01-09-2024&importe=241.4",
            ("verifactu", "241.40", "2024-09-01", "89890001K-12345678-G33"),
        ),
        (TBAI, ("ticketbai", "4.70", "2019-10-25", "TBAI-00000006Y-251019-btFpwP8dcLGAF-237")),
        (
            "20100066603|01|F001|00000123|18.00|118.00|2021-03-01|6|20123456789|",
            ("sunat", "118.00", "2021-03-01", "20100066603-01-F001-00000123"),
        ),
        (
            "NumFac: SETP990000002\nFecFac: 2019-06-21\nValTolFac: 1500.00\nCUFE: 8bb918b19ba2",
            ("dian", "1500.00", "2019-06-21", "8bb918b19ba2"),
        ),
    ],
)
def test_each_format_gives_its_total_date_and_document(contenido, esperado):
    codigo = parse_fiscal(contenido)
    formato, total, fecha, documento = esperado
    assert codigo == CodigoFiscal(
        formato, Decimal(total), dt.date.fromisoformat(fecha) if fecha else None, documento
    )


@pytest.mark.parametrize(
    "contenido",
    [
        "hola",
        "https://example.com/?tt=100&id=" + UUID,  # not the SAT's host
        "https://notaeat.es/ValidarQR?nif=89890001K&numserie=1-G33&fecha=01-09-2024&importe=9",
        CFDI.replace("tt=0000000999.990000", "tt=abc"),
        CFDI.replace(UUID, "no-es-un-uuid"),
        CFDI + "&tt=5",  # a repeated field
        # CFDI 3.2 has no host: its four fields exactly, and both RFCs well formed.
        CFDI32.replace("re=XOCD720319T86", "re=hola"),
        CFDI32.replace("rr=CARR861127SB0", "rr=XAXX0101010"),
        CFDI32 + "&fe=rH8/bw==",
        CFDI32.replace("?re=", "re="),
        "?tt=100&id=" + UUID,
        afip(importe=-5),
        afip(fecha="13/10/2020"),
        "https://www.afip.gob.ar/fe/qr/?p=%%%",
        "20100066603|01|F001|00000123|18.00|cien|2021-03-01|",
        "NumFac: X\nValTolFac: 10",  # no date
        "https://batuz.eus/QRTBAI/?id=OTRO-00000006Y-251019-x&i=4.70",
        TBAI.replace("i=4.70", "i=47.0"),  # the URL's check code no longer holds
        TBAI.replace("-237&", "-238&"),  # nor the id's
        TBAI.replace("&cr=007", ""),
        TBAI.replace("batuz.eus", "batuz.example.com"),
        "20100066604|01|F001|00000123|18.00|118.00|2021-03-01|6|",  # the RUC's check digit
        "20100066603|01|F001|00000123|18.00|118.00|01-03-2021|6|",
    ],
)
def test_anything_else_is_ignored(contenido):
    assert parse_fiscal(contenido) is None


@pytest.mark.parametrize(
    ("contenido", "total", "documento"),
    [
        # What invoicing programs print: the older query without `&` first, an RFC holding `&`
        # (bare or escaped), the total without zeros, the whole URL escaped for XML.
        (CFDI.replace("?&id=", "?id="), "999.99", UUID),
        (CFDI.replace("re=XOCD720319T86", "re=M&M850101AB1"), "999.99", UUID),
        (CFDI.replace("re=XOCD720319T86", "re=M&amp;M850101AB1"), "999.99", UUID),
        (CFDI.replace("0000000999.990000", "999.99").replace("&", "&amp;"), "999.99", UUID),
        (CFDI.replace(UUID, UUID.lower()), "999.99", UUID),
        # Base64 holding `+` and `/`, as is or URL-safe; ARCA's domain.
        (afip(**AFIP_MAS_BARRA), "50.50", "30000000007-10-1-94"),
        (afip(url_safe=True, **AFIP_MAS_BARRA), "50.50", "30000000007-10-1-94"),
        (afip(host="www.arca.gob.ar"), "12100.00", "30000000007-10-1-94"),
        (
            "20100066603|03|B001|123|18.00|118.00|01/03/2021|1|12345678|",
            "118.00",
            "20100066603-03-B001-123",
        ),
        (
            "NumFac=SETP990000002;FecFac=2019-06-21;ValFac=1271.19;ValTolFac=1500.00;CUFE=8bb9",
            "1500.00",
            "8bb9",
        ),
        (
            "NumFac: POS123\nFecFac: 2019-06-21\nHorFac: 10:53:10-05:00\nValTolFac: 80.00\n"
            "CUDE: 77aa\nQRCode: https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey=77aa",
            "80.00",
            "77aa",
        ),
    ],
)
def test_codes_as_real_programs_print_them(contenido, total, documento):
    codigo = parse_fiscal(contenido)
    assert codigo is not None, contenido
    assert (codigo.total, codigo.documento) == (Decimal(total), documento)


def test_the_afip_case_holds_both_base64_signs():
    p = afip(**AFIP_MAS_BARRA).partition("?p=")[2]
    assert "+" in p
    assert "/" in p


def test_ticketbai_check_codes_are_crc8():
    # The TicketBAI specification's own example: id 251019-…-237 and cr=007.
    assert crc8("TBAI-00000006Y-251019-btFpwP8dcLGAF-") == 237
    assert crc8(TBAI.rpartition("&cr=")[0]) == 7


def with_qr(fixture: str, contenido: str, *, lado: int = 220, fmt: str = "PNG") -> bytes:
    """The committed ticket with a QR code of `contenido` pasted in its lower right corner."""
    ticket = Image.open(FIXTURES / fixture).convert("RGB")
    codigo = qrcode.make(contenido, border=2).get_image().convert("RGB").resize((lado, lado))
    lienzo = Image.new("RGB", (ticket.width, ticket.height + lado + 40), "white")
    lienzo.paste(ticket, (0, 0))
    lienzo.paste(codigo, (ticket.width - lado - 20, ticket.height + 20))
    salida = io.BytesIO()
    lienzo.save(salida, format=fmt, quality=85)
    return salida.getvalue()


@pytest.mark.tesseract
def test_a_fiscal_qr_on_the_photo_settles_total_and_date():
    lectura = read_receipt(with_qr("ticket_tlapaleria_limpio.png", afip(importe=999.5)))
    assert lectura.codigo_fiscal is not None
    assert lectura.codigo_fiscal.formato == "afip"
    assert (lectura.total, lectura.fecha) == (Decimal("999.50"), dt.date(2020, 10, 13))
    assert lectura.total_confidence == 1.0
    # The JSON of `ocr_receipt --json` and of the stored reading carries it.
    datos = lectura.to_dict()
    assert datos["qr"]["documento"] == "30000000007-10-1-94"
    assert ReceiptReading.from_dict(datos).codigo_fiscal == lectura.codigo_fiscal


@pytest.mark.tesseract
def test_a_small_photographed_cfdi_code_is_read_and_unknown_codes_change_nothing():
    pequeno = read_receipt(with_qr("ticket_ferreteria_foto.jpg", CFDI, lado=130, fmt="JPEG"))
    assert pequeno.codigo_fiscal is not None
    assert pequeno.total == Decimal("999.99")
    cualquiera = read_receipt(with_qr("ticket_tlapaleria_limpio.png", "https://tienda.mx/promo"))
    assert cualquiera.codigo_fiscal is None
    assert (
        cualquiera.total
        == read_receipt((FIXTURES / "ticket_tlapaleria_limpio.png").read_bytes()).total
    )


def test_the_fiscal_document_is_the_duplicate_key():
    codigo = parse_fiscal(CFDI)
    uno = dataclasses.replace(fake_reading(total="999.99", image=b"a"), codigo_fiscal=codigo)
    otro = dataclasses.replace(fake_reading(total="999.99", image=b"b"), codigo_fiscal=codigo)
    assert duplicate_key(uno) == duplicate_key(otro) == f"fiscal|cfdi|{UUID}"


@pytest.mark.parametrize(("lado", "sigma"), [(200, 1.6), (240, 2.0)])
def test_a_blurred_code_is_read_on_a_sharpened_copy(lado, sigma):
    codigo = qrcode.make(CFDI, border=4).get_image().convert("L").resize((lado, lado))
    pagina = np.full((lado + 100, lado + 100), 245, np.uint8)
    pagina[50 : 50 + lado, 50 : 50 + lado] = np.asarray(codigo)
    borrosa = cv2.GaussianBlur(pagina, (0, 0), sigma)
    assert barcodes._decoded(borrosa) == []  # the photo as it is does not read
    assert barcodes.fiscal_code(borrosa).documento == UUID


@pytest.mark.parametrize(("lado", "sigma"), [(100, 0.8), (120, 1.0)])
def test_a_small_soft_code_is_read_on_a_sharpened_enlarged_copy(lado, sigma):
    """Modules under two pixels wide: neither the photo nor its sharpened copy reads."""
    codigo = qrcode.make(CFDI, border=4).get_image().convert("L")
    codigo = codigo.resize((lado, lado), resample=Image.Resampling.LANCZOS)
    pagina = np.full((lado + 100, lado + 100), 245, np.uint8)
    pagina[50 : 50 + lado, 50 : 50 + lado] = np.asarray(codigo)
    suave = cv2.GaussianBlur(pagina, (0, 0), sigma)
    assert barcodes._decoded(suave) == []
    assert barcodes._decoded(barcodes._sharpened(suave)) == []
    assert barcodes.fiscal_code(suave).documento == UUID


def afip_on_a_page(lado: int, sigma: float, resample: Image.Resampling) -> np.ndarray:
    """An AFIP code (base64 JSON: a long code, many small modules) `lado` px wide on a page
    600 px larger, blurred by `sigma`."""
    codigo = qrcode.make(afip(), border=4).get_image().convert("L")
    codigo = codigo.resize((lado, lado), resample=resample)
    pagina = np.full((lado + 600, lado + 600), 245, np.uint8)
    pagina[300 : 300 + lado, 300 : 300 + lado] = np.asarray(codigo)
    pagina = cv2.GaussianBlur(pagina, (0, 0), sigma)
    for look in (barcodes._same, barcodes._sharpened, barcodes._sharpened_larger):
        assert barcodes._decoded(look(pagina)) == []  # no look at the whole page reads it
    return pagina


@pytest.mark.parametrize(("lado", "sigma"), [(110, 0.9), (130, 1.1)])
def test_a_small_dense_code_is_read_on_its_own_enlarged_patch(lado, sigma):
    """A long code printed small on a larger page: cut out and enlarged on its own, it reads."""
    suave = afip_on_a_page(lado, sigma, Image.Resampling.LANCZOS)
    assert barcodes.fiscal_code(suave).documento == "30000000007-10-1-94"


@pytest.mark.parametrize(("lado", "sigma"), [(190, 1.5), (200, 1.7), (210, 1.9)])
def test_a_blurred_dense_code_is_read_once_deconvolved(lado, sigma):
    """A long code printed blurred, its modules merged: no look at the page and no sharpened
    patch reads it; the patch deconvolved does (the blur assumed is not exactly this one)."""
    borrosa = afip_on_a_page(lado, sigma, Image.Resampling.NEAREST)
    [region] = barcodes._square_regions(borrosa)
    assert not any(barcodes._decoded(v) for v in barcodes._sharpened_patch(borrosa, region))
    assert barcodes.fiscal_code(borrosa).documento == "30000000007-10-1-94"


def test_a_shop_link_read_first_does_not_hide_the_fiscal_code():
    """A sharp link code (a shop's invoicing portal) beside a blurred fiscal code: the first
    look reads only the link, the fiscal code needs a later one, and is still found."""
    pagina = afip_on_a_page(200, 1.7, Image.Resampling.NEAREST)
    enlace = qrcode.make("https://tienda.example.mx/facturacion", border=4).get_image()
    pagina[20:180, 20:180] = np.asarray(enlace.convert("L").resize((160, 160)))
    assert next(barcodes.read_codes(pagina)) == ["https://tienda.example.mx/facturacion"]
    assert barcodes.fiscal_code(pagina).documento == "30000000007-10-1-94"


def code_read(pagina: np.ndarray) -> tuple[str, str, str]:
    """The fiscal code read on the page: format, document id, total."""
    codigo = barcodes.fiscal_code(pagina)
    return (codigo.formato, codigo.documento, str(codigo.total))


def small_code_page(name: str, *prepares) -> np.ndarray:
    """A committed cut of a generated ticket whose 102 px code no look at the page and none of
    `prepares` applied to its patch reads."""
    pagina = cv2.imread(str(FIXTURES / name), cv2.IMREAD_GRAYSCALE)
    for look in (barcodes._same, barcodes._sharpened, barcodes._sharpened_larger):
        assert barcodes._decoded(look(pagina)) == []
    region = barcodes._square_regions(pagina)[0]
    assert region[2:] == (102, 102)
    for views in prepares:
        assert not any(barcodes._decoded(view) for view in views(pagina, region))
    return pagina


def test_a_small_code_printed_pixel_by_pixel_is_read_enlarged_in_blocks_and_thresholded():
    """The lower part of a generated clean ticket (`bench.tickets --qr`, ferreteria, seed 51,
    023): a VeriFactu code 102 px wide, its modules one or two pixels each. No look at the page,
    no sharpened or deconvolved patch reads it; the patch enlarged in blocks and cut to black
    and white does."""
    pagina = small_code_page(
        "codigo_fiscal_chico.png", barcodes._sharpened_patch, barcodes._deblurred_patch
    )
    assert code_read(pagina) == ("verifactu", "89890001K-63099610-G12", "193.23")


def test_a_small_code_no_other_look_reads_is_read_at_another_scale():
    """The lower part of a generated clean ticket (`bench.tickets --qr`, tlapaleria, seed 51,
    033): a VeriFactu code 102 px wide whose modules are two or three pixels, found by zxing-cpp
    at every look but misread (a checksum error). Enlarged at a scale where its sampling grid
    lands on the modules, it reads."""
    pagina = small_code_page(
        "codigo_fiscal_chico_escalas.png",
        barcodes._sharpened_patch,
        barcodes._deblurred_patch,
        barcodes._binarized_patch,
    )
    assert code_read(pagina) == ("verifactu", "89890001K-54858512-G31", "7894.75")


def test_a_blurred_code_whose_ink_fills_a_third_of_its_square_is_found_and_deconvolved():
    """The lower part of a generated clean ticket (`bench.tickets --qr`, ferreteria, seed 51,
    030): an AFIP code printed blurred, 190 px. Thresholded, its ink fills only a third of its
    square (a sharp code fills half or more), and 20 rounds of deconvolution do not separate its
    modules; 40 do."""
    pagina = cv2.imread(str(FIXTURES / "codigo_fiscal_borroso.png"), cv2.IMREAD_GRAYSCALE)
    region = barcodes._square_regions(pagina)[0]
    assert region[2:] == (190, 190)
    ink = cv2.adaptiveThreshold(
        pagina, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 10
    )
    x, y, w, h = region
    assert 0.3 < np.count_nonzero(ink[y : y + h, x : x + w]) / (w * h) < 0.5
    despues_de_20, despues_de_40 = barcodes._deblurred_patch(pagina, region)
    assert barcodes._decoded(despues_de_20) == []
    assert barcodes._decoded(despues_de_40) != []
    assert code_read(pagina) == ("afip", "30406481853-4-6-549", "1799.80")
