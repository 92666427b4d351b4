"""Fiscal codes printed on receipts as QR (or PDF417): their content states the receipt's exact
total, often its date, and a document id no other receipt has. Each format is parsed strictly:
content that is not exactly one of these, or a value that does not parse, gives None and is
never trusted.

- Mexico, CFDI: the SAT's verification URL (`id` UUID, `re`/`rr` RFCs, `tt` total).
- Argentina, AFIP: `…/fe/qr/?p=` base64 JSON (`importe`, `fecha`, `cuit`, `ptoVta`, `tipoCmp`,
  `nroCmp`).
- Spain, VeriFactu: the AEAT's URL (`nif`, `numserie`, `fecha` dd-mm-aaaa, `importe`).
- Spain, TicketBAI: `id=TBAI-<nif>-<ddmmyy>-…` and `i` (amount).
- Peru, SUNAT: pipe-separated RUC|type|series|number|IGV|total|date|….
- Colombia, DIAN: `Clave: valor` lines (`NumFac`, `FecFac`, `ValTolFac` or `ValorTotal`, `CUFE`).
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
from urllib.parse import parse_qs, urlsplit

MAXIMO = Decimal("10000000")
_AMOUNT = re.compile(r"^\d{1,10}(\.\d{1,6})?$")
_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


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


def _query(texto: str, host: str, path: str = "") -> dict[str, str] | None:
    partes = urlsplit(texto)
    if partes.scheme not in ("http", "https") or not partes.hostname:
        return None
    hostname = partes.hostname.lower()
    # The authority's host or one of its subdomains: "notaeat.es" is someone else.
    if not (hostname == host or hostname.endswith("." + host)) or path not in partes.path:
        return None
    valores = parse_qs(partes.query, strict_parsing=True)
    if any(len(v) != 1 for v in valores.values()):
        return None  # a repeated field is not a code we know
    return {k.lower(): v[0] for k, v in valores.items()}


def _cfdi(texto: str) -> CodigoFiscal | None:
    campos = _query(texto, "sat.gob.mx")
    if not campos or not _UUID.match(campos["id"]) or not campos.get("re"):
        return None
    return CodigoFiscal("cfdi", _amount(campos["tt"]), None, campos["id"].upper())


def _afip(texto: str) -> CodigoFiscal | None:
    campos = _query(texto, "afip.gob.ar", "/fe/qr")
    if not campos:
        return None
    datos = json.loads(base64.b64decode(campos["p"] + "=" * (-len(campos["p"]) % 4), validate=True))
    numero = "-".join(str(int(datos[k])) for k in ("cuit", "ptoVta", "tipoCmp", "nroCmp"))
    fecha = dt.date.fromisoformat(datos["fecha"])
    return CodigoFiscal("afip", _amount(f"{Decimal(str(datos['importe'])):f}"), fecha, numero)


def _verifactu(texto: str) -> CodigoFiscal | None:
    # Production codes point at agenciatributaria.gob.es, the test environment at aeat.es.
    campos = _query(texto, "agenciatributaria.gob.es") or _query(texto, "aeat.es")
    if not campos or not campos.get("nif") or not campos.get("numserie"):
        return None
    fecha = dt.datetime.strptime(campos["fecha"], "%d-%m-%Y").date()
    documento = f"{campos['nif']}-{campos['numserie']}"
    return CodigoFiscal("verifactu", _amount(campos["importe"]), fecha, documento)


def _ticketbai(texto: str) -> CodigoFiscal | None:
    partes = urlsplit(texto)
    if partes.scheme not in ("http", "https"):
        return None
    campos = {k.lower(): v[0] for k, v in parse_qs(partes.query).items()}
    identificador = campos.get("id", "")
    trozos = identificador.split("-")
    if len(trozos) < 4 or trozos[0] != "TBAI":
        return None
    fecha = dt.datetime.strptime(trozos[2], "%d%m%y").date()
    return CodigoFiscal("ticketbai", _amount(campos["i"]), fecha, identificador)


def _sunat(texto: str) -> CodigoFiscal | None:
    campos = texto.rstrip("|").split("|")
    if len(campos) < 7 or not re.fullmatch(r"\d{11}", campos[0]) or not campos[2]:
        return None
    fecha = dt.date.fromisoformat(campos[6])
    documento = f"{campos[0]}-{campos[1]}-{campos[2]}-{campos[3]}"
    return CodigoFiscal("sunat", _amount(campos[5]), fecha, documento)


def _dian(texto: str) -> CodigoFiscal | None:
    campos = {}
    for linea in texto.splitlines():
        clave, separador, valor = linea.partition(":")
        if not separador:
            clave, separador, valor = linea.partition("=")
        if separador:
            campos[clave.strip().lower()] = valor.strip()
    total = campos.get("valtolfac") or campos.get("valortotal")
    documento = campos.get("cufe") or campos.get("numfac")
    if not total or not documento or "fecfac" not in campos:
        return None
    fecha = dt.date.fromisoformat(campos["fecfac"])
    return CodigoFiscal("dian", _amount(total), fecha, documento)
