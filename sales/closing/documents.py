"""A closed month's statement as a PNG: what the seller receives attached to the direct message
of the close (sales/handlers/closing.py), drawn here with Pillow from the immutable statement.

The file is written once under MEDIA_ROOT (`estados/AAAA-MM/estado-<id>.png`) and never again:
the statement it draws never changes.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw

from sales.closing.models import EstadoCuenta
from sales.reports.board import AZUL, FONDO, TINTA, font
from sales.texts import closing as textos
from sales.texts import dinero

ANCHO, MARGEN, RENGLON = 900, 32, 24
# A statement lists every sale; past this many the image would be unreadable in a chat.
MAX_LINEAS = 120
GRIS = "#666666"


def statement_file(estado: EstadoCuenta) -> str:
    """The statement's PNG, drawn on first use; its path relative to MEDIA_ROOT."""
    relativo = f"estados/{estado.mes:%Y-%m}/estado-{estado.pk}.png"
    destino = Path(settings.MEDIA_ROOT) / relativo
    if not destino.exists():
        destino.parent.mkdir(parents=True, exist_ok=True)
        temporal = destino.with_suffix(".tmp")
        temporal.write_bytes(statement_png(estado))
        temporal.replace(destino)  # whole or absent, even if the worker dies halfway
    return relativo


def statement_png(estado: EstadoCuenta) -> bytes:
    renglones = _rows(estado)
    imagen = Image.new("RGB", (ANCHO, 2 * MARGEN + RENGLON * len(renglones) + 16), FONDO)
    dibujo = ImageDraw.Draw(imagen)
    y = MARGEN
    for estilo, columnas in renglones:
        _draw_row(dibujo, y, estilo, columnas)
        y += RENGLON
    salida = io.BytesIO()
    imagen.save(salida, format="PNG", optimize=True)
    return salida.getvalue()


def _rows(estado: EstadoCuenta) -> list[tuple[str, list[str]]]:
    """(style, columns) of every line of the document, top to bottom."""
    filas = [("titulo", [textos.titulo_estado(estado)])]
    filas.append(("sub", [f"{estado.vendedor} (@{estado.vendedor.username})"]))
    filas.append(("blanco", []))
    filas += [("concepto", [c, i]) for c, i in textos.conceptos_estado(estado)]
    filas.append(("blanco", []))
    filas += _sales(estado)
    ajustes = list(estado.ajustes_aplicados.order_by("creado", "id"))
    if ajustes:
        filas += [("blanco", []), ("encabezado", ["Ajustes incluidos"])]
        for ajuste in ajustes:
            filas += [
                ("nota", [parte]) for parte in textwrap.wrap(textos.linea_ajuste(ajuste), 100)
            ]
    filas.append(("blanco", []))
    filas += [("nota", [parte]) for parte in textwrap.wrap(textos.pie_estado(estado), 100)]
    return filas


def _sales(estado: EstadoCuenta) -> list[tuple[str, list[str]]]:
    lineas = list(estado.lineas.order_by("fecha", "id"))
    filas = [("encabezado", ["Fecha", "Cliente", "Tubos", "Monto", "Comisión"])]
    for linea in lineas[:MAX_LINEAS]:
        fecha = timezone.localtime(linea.fecha)
        filas.append(
            (
                "venta",
                [
                    f"{fecha:%d/%m %H:%M}",
                    linea.cliente[:40],
                    str(linea.tubos),
                    dinero(linea.monto),
                    dinero(linea.comision),
                ],
            )
        )
    if len(lineas) > MAX_LINEAS:
        filas.append(("nota", [f"… y {len(lineas) - MAX_LINEAS} ventas más."]))
    if not lineas:
        filas.append(("nota", ["Ninguna venta contó este mes."]))
    return filas


# Where each column of a sale's line starts, and whether it is right-aligned.
COLUMNAS_VENTA = ((0, False), (120, False), (560, True), (700, True), (836, True))


def _draw_row(dibujo: ImageDraw.ImageDraw, y: int, estilo: str, columnas: list[str]) -> None:
    if estilo == "titulo":
        dibujo.text((MARGEN, y - 8), columnas[0], fill=AZUL, font=font(22))
    elif estilo == "concepto":
        negrita = columnas[0] == "Total a pagar"
        letra = font(17 if negrita else 15)
        dibujo.text((MARGEN, y), columnas[0], fill=TINTA, font=letra)
        dibujo.text((ANCHO - MARGEN, y), columnas[1], fill=TINTA, font=letra, anchor="ra")
    elif estilo in ("venta", "encabezado") and len(columnas) == len(COLUMNAS_VENTA):
        color = TINTA if estilo == "venta" else AZUL
        for texto, (x, derecha) in zip(columnas, COLUMNAS_VENTA, strict=True):
            punto = (MARGEN + x, y)
            dibujo.text(punto, texto, fill=color, font=font(13), anchor="ra" if derecha else "la")
    elif columnas:
        color = AZUL if estilo == "encabezado" else (TINTA if estilo == "sub" else GRIS)
        dibujo.text((MARGEN, y), columnas[0], fill=color, font=font(15 if estilo == "sub" else 13))
