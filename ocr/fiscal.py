"""Fiscal codes printed on receipts as QR (or PDF417): their content states the receipt's exact
total, often its date, and a document id no other receipt has. Each format is parsed strictly:
content that is not exactly one of these, or a value that does not parse, gives None and is
never trusted. What each looks like in the wild, with sources: docs/fiscal-codes.md.

- Mexico, CFDI: the SAT's verification URL (`?&id=` UUID, `re`/`rr` RFCs, `tt` total); CFDI 3.2
  (until 2018) printed the bare query, `?re=…&rr=…&tt=…&id=…`, with no host.
- Argentina, AFIP (ARCA since 2024): `…/fe/qr/?p=` base64 JSON (`importe`, `fecha`, `cuit`,
  `ptoVta`, `tipoCmp`, `nroCmp`).
- Spain, VeriFactu: the AEAT's URL (`nif`, `numserie`, `fecha` dd-mm-aaaa, `importe`).
- Spain, TicketBAI: a Basque treasury's URL, `id=TBAI-<nif>-<ddmmyy>-…-<crc>`, `i` (amount) and
  `cr`; both check codes (CRC-8) must hold.
- Peru, SUNAT: pipe-separated RUC|type|series|number|IGV|total|date|…, the RUC's check digit
  holding.
- Colombia, DIAN: `Clave: valor` lines or `Clave=valor;` pairs (`NumFac`, `FecFac`, `ValTolFac`
  or `ValorTotal`, `CUFE` or `CUDE`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote, urlsplit

MAXIMO = Decimal("10000000")
_AMOUNT = re.compile(r"^\d{1,10}(\.\d{1,6})?$")
# An RFC: three letters (a company) or four (a person), the date aaMMdd, a three-character
# homoclave (SAT, Anexo 20). A hostless CFDI 3.2 code is trusted only with both RFCs well formed.
_RFC = re.compile(r"^[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}$")
_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
# TBAI-<issuer's NIF>-<ddmmyy>-<the signature's first 13 characters>-<CRC-8 of what precedes>.
_TBAI_ID = re.compile(r"^TBAI-[0-9A-Z]{9}-(\d{6})-.{13}-(\d{3})$")
# The three Basque treasuries that issue TicketBAI codes (Bizkaia, Gipuzkoa, Araba), whose test
# hosts are subdomains of the same.
_TBAI_HOSTS = ("batuz.eus", "gipuzkoa.eus", "araba.eus")
# URL-safe base64 back to the standard alphabet (some AFIP codes are printed so).
_URL_SAFE = str.maketrans("-_", "+/")


@dataclass(frozen=True)
class CodigoFiscal:
    formato: str  # cfdi, afip, verifactu, ticketbai, sunat, dian
    total: Decimal
    fecha: dt.date | None
    documento: str  # the document's own id: the strongest duplicate key

    def to_dict(self) -> dict[str, Any]:
        return {
            "formato": self.formato,
            "total": str(self.total),
            "fecha": self.fecha.isoformat() if self.fecha else None,
            "documento": self.documento,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CodigoFiscal | None:
        if not data:
            return None
        fecha = dt.date.fromisoformat(data["fecha"]) if data.get("fecha") else None
        return cls(data["formato"], Decimal(data["total"]), fecha, data["documento"])


def parse_fiscal(contenido: str) -> CodigoFiscal | None:
    """The fiscal code `contenido` is, or None."""
    texto = contenido.strip()
    for parser in (_cfdi, _afip, _verifactu, _ticketbai, _sunat, _dian):
        try:
            codigo = parser(texto)
        except (ValueError, KeyError, TypeError, InvalidOperation, binascii.Error):
            codigo = None
        if codigo is not None:
            return codigo
    return None


def _amount(texto: str) -> Decimal:
    texto = str(texto).strip()
    if not _AMOUNT.match(texto):
        raise ValueError(texto)
    valor = Decimal(texto).quantize(Decimal("0.01"))
    if not 0 < valor < MAXIMO:
        raise ValueError(texto)
    return valor


def _query(texto: str, hosts: tuple[str, ...], path: str = "") -> dict[str, str] | None:
    partes = urlsplit(texto)
    if partes.scheme not in ("http", "https") or not partes.hostname:
        return None
    hostname = partes.hostname.lower()
    # The authority's host or one of its subdomains: "notaeat.es" is someone else.
    if not any(hostname == host or hostname.endswith("." + host) for host in hosts):
        return None
    return _fields(partes.query) if path in partes.path else None


def _fields(query: str) -> dict[str, str] | None:
    """The query's fields by lower-case name, or None when one is repeated.

    Codes are built by joining strings, not by a form encoder: the SAT's own layout opens with
    `?&id=`, an RFC may hold an `&` (escaped as `&amp;` or not), and a `+` in base64 is a plus,
    not a space. So empty pieces and pieces without `=` are skipped, and values are only
    percent-decoded; each field used is then checked on its own."""
    campos: dict[str, str] = {}
    for trozo in query.replace("&amp;", "&").split("&"):
        clave, igual, valor = trozo.partition("=")
        if not igual or not clave:
            continue
        clave = unquote(clave).lower()
        if clave in campos:
            return None  # a repeated field is not a code we know
        campos[clave] = unquote(valor)
    return campos


def _cfdi(texto: str) -> CodigoFiscal | None:
    campos = _cfdi32(texto) if texto.startswith("?") else _query(texto, ("sat.gob.mx",))
    if not campos or not _UUID.match(campos["id"]) or not campos.get("re"):
        return None
    return CodigoFiscal("cfdi", _amount(campos["tt"]), None, campos["id"].upper())


def _cfdi32(texto: str) -> dict[str, str] | None:
    """CFDI 3.2's code: the query alone, exactly `re`, `rr`, `tt` and `id` (Anexo 20, version
    3.2). With no host to say whose it is, both RFCs must be well formed."""
    campos = _fields(texto[1:])
    if not campos or set(campos) != {"re", "rr", "tt", "id"}:
        return None
    return campos if _RFC.match(campos["re"]) and _RFC.match(campos["rr"]) else None


def _afip(texto: str) -> CodigoFiscal | None:
    # AFIP became ARCA in 2024: both domains are the same authority's.
    campos = _query(texto, ("afip.gob.ar", "arca.gob.ar"), "/fe/qr")
    if not campos:
        return None
    p = campos["p"].translate(_URL_SAFE)
    datos = json.loads(base64.b64decode(p + "=" * (-len(p) % 4), validate=True))
    numero = "-".join(str(int(datos[k])) for k in ("cuit", "ptoVta", "tipoCmp", "nroCmp"))
    fecha = dt.date.fromisoformat(datos["fecha"])
    return CodigoFiscal("afip", _amount(f"{Decimal(str(datos['importe'])):f}"), fecha, numero)


def _verifactu(texto: str) -> CodigoFiscal | None:
    # Production codes point at agenciatributaria.gob.es, the test environment at aeat.es.
    campos = _query(texto, ("agenciatributaria.gob.es", "aeat.es"))
    if not campos or not campos.get("nif") or not campos.get("numserie"):
        return None
    fecha = dt.datetime.strptime(campos["fecha"], "%d-%m-%Y").date()
    documento = f"{campos['nif']}-{campos['numserie']}"
    return CodigoFiscal("verifactu", _amount(campos["importe"]), fecha, documento)


def _ticketbai(texto: str) -> CodigoFiscal | None:
    campos = _query(texto, _TBAI_HOSTS)
    identificador = (campos or {}).get("id", "")
    encontrado = _TBAI_ID.match(identificador)
    # Two CRC-8 check codes: the id's last three digits over the id before them, and `cr` over
    # the whole URL before `&cr=` (the TicketBAI QR specification; docs/fiscal-codes.md).
    cuerpo, _, cr = texto.rpartition("&cr=")
    if (
        not encontrado
        or crc8(identificador[:-3]) != int(encontrado.group(2))
        or not re.fullmatch(r"\d{3}", cr)
        or crc8(cuerpo) != int(cr)
    ):
        return None
    fecha = dt.datetime.strptime(encontrado.group(1), "%d%m%y").date()
    return CodigoFiscal("ticketbai", _amount(campos["i"]), fecha, identificador)


def crc8(texto: str) -> int:
    """CRC-8, polynomial x^8 + x^2 + x + 1 (0x07), initial value 0, over the UTF-8 bytes."""
    crc = 0
    for byte in texto.encode():
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _sunat(texto: str) -> CodigoFiscal | None:
    campos = texto.rstrip("|").split("|")
    if len(campos) < 7 or not _ruc_ok(campos[0]) or not campos[2]:
        return None
    fecha = _date(campos[6], ("%Y-%m-%d", "%d/%m/%Y"))
    documento = f"{campos[0]}-{campos[1]}-{campos[2]}-{campos[3]}"
    return CodigoFiscal("sunat", _amount(campos[5]), fecha, documento)


def _ruc_ok(ruc: str) -> bool:
    """Eleven digits whose last is SUNAT's check digit (modulo 11) of the first ten."""
    if not re.fullmatch(r"\d{11}", ruc):
        return False
    suma = sum(int(d) * w for d, w in zip(ruc, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=False))
    return (11 - suma % 11) % 10 == int(ruc[10])


def _date(texto: str, formatos: tuple[str, ...]) -> dt.date:
    for formato in formatos:
        try:
            return dt.datetime.strptime(texto.strip(), formato).date()
        except ValueError:
            continue
    raise ValueError(texto)


def _dian(texto: str) -> CodigoFiscal | None:
    campos = {}
    # One field per line, or `NumFac=…;FecFac=…;…` on one line.
    for linea in re.split(r"[\r\n;]+", texto):
        clave, separador, valor = linea.partition(":")
        if not separador:
            clave, separador, valor = linea.partition("=")
        if separador:
            campos[clave.strip().lower()] = valor.strip()
    total = campos.get("valtolfac") or campos.get("valortotal")
    # CUFE on an invoice, CUDE on other documents (a POS ticket, a note).
    documento = campos.get("cufe") or campos.get("cude") or campos.get("numfac")
    if not total or not documento or "fecfac" not in campos:
        return None
    fecha = dt.date.fromisoformat(campos["fecfac"])
    return CodigoFiscal("dian", _amount(total), fecha, documento)
