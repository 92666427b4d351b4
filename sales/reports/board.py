"""The team's month, seller by seller: the rows and the chart that the admin overview (as SVG)
and the daily leaderboard in Mattermost (as PNG) both show, so that both look the same.

The chart's geometry is computed once (`chart`); `chart_png` draws the same bars, goal marks
and labels with Pillow for a post, where no SVG is shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from PIL import Image, ImageDraw, ImageFont

from sales.models import Meta, Vendedor
from sales.reports.figures import totals_by_seller
from sales.texts import dinero


@dataclass(frozen=True)
class FilaVendedor:
    vendedor: Vendedor
    ventas: int
    tubos: int
    monto: Decimal
    comision: Decimal
    en_revision: int
    meta_monto: Decimal | None
    meta_tubos: int | None

    @property
    def avance(self) -> int | None:
        """Percent of the amount goal reached; None without a goal."""
        if not self.meta_monto:
            return None
        return int(self.monto * 100 / self.meta_monto)

    @property
    def avance_tubos(self) -> int | None:
        """Percent of the tubes goal reached; None without one."""
        if not self.meta_tubos:
            return None
        return self.tubos * 100 // self.meta_tubos

    def pace(self, transcurrido: float | None) -> str:
        """Whether the seller is on pace for the amount goal, in Spanish: `transcurrido` is the
        part of the month gone (1 for a finished month, None for a future one)."""
        if self.avance is None or transcurrido is None:
            return "—"
        if transcurrido >= 1:
            return "meta cumplida" if self.avance >= 100 else "no la alcanzó"
        if self.avance >= 100:
            return "meta cumplida"
        esperado = int(transcurrido * 100)
        if self.avance >= esperado:
            return "a tiempo"
        return f"atrasado: {self.avance} % de {esperado} % esperado a hoy"


def elapsed(mes: dt.date, hoy: dt.date) -> float | None:
    """The part of the month gone by the end of `hoy`: 1 for a past month, None for a future."""
    dias = calendar.monthrange(mes.year, mes.month)[1]
    if (hoy.year, hoy.month) > (mes.year, mes.month):
        return 1.0
    if (hoy.year, hoy.month) < (mes.year, mes.month):
        return None
    return hoy.day / dias


def figures_by_seller(mes: dt.date) -> list[FilaVendedor]:
    """Every active seller, and any other with sales that month, biggest amount first."""
    metas = Meta.objects.filter(vendedor=OuterRef("pk"), mes=mes)
    vendedores = totals_by_seller(mes).annotate(
        meta_monto=Subquery(metas.values("monto")[:1]),
        meta_tubos=Subquery(metas.values("tubos")[:1]),
    )
    filas = [
        FilaVendedor(
            vendedor=v,
            ventas=v.n_ventas,
            tubos=v.total_tubos,
            monto=v.total_monto,
            comision=v.total_comision,
            en_revision=v.n_revision,
            meta_monto=v.meta_monto,
            meta_tubos=v.meta_tubos,
        )
        for v in vendedores
        if v.activo or v.n_ventas or v.n_revision
    ]
    return sorted(filas, key=lambda f: (-f.monto, f.vendedor.username))


# --- The chart ------------------------------------------------------------------------------------

ETIQUETA, BARRAS, TEXTO, FILA = 170, 460, 260, 34


def chart(
    filas: list[FilaVendedor], nombre: Callable[[int, FilaVendedor], str] | None = None
) -> dict[str, Any]:
    """Horizontal bars: each seller's amount, with a mark where the goal is. `nombre(posición,
    fila)` labels a bar (the seller's name by default).

    Coordinates leave here as strings: the template must not localize them (`123,4`)."""
    nombre = nombre or (lambda _posicion, fila: str(fila.vendedor))
    tope = max([f.monto for f in filas] + [f.meta_monto or 0 for f in filas] + [Decimal(1)])
    barras = []
    for n, fila in enumerate(filas):
        texto = dinero(fila.monto)
        if fila.meta_monto:
            texto += f" de {dinero(fila.meta_monto)} ({fila.avance} %)"
        else:
            texto += " (sin meta)"
        arriba = n * FILA + 8
        meta_x = ETIQUETA + BARRAS * float(fila.meta_monto / tope) if fila.meta_monto else None
        barras.append(
            {
                "y": str(arriba),
                "y_texto": str(arriba + 17),
                "y_meta": (str(arriba - 4), str(arriba + 26)),
                "nombre": nombre(n + 1, fila)[:24],
                "ancho": f"{BARRAS * float(fila.monto / tope):.1f}",
                "meta_x": None if meta_x is None else f"{meta_x:.1f}",
                "cumplida": fila.avance is not None and fila.avance >= 100,
                "texto": texto,
            }
        )
    return {
        "ancho": str(ETIQUETA + BARRAS + TEXTO),
        "alto": str(max(1, len(filas)) * FILA + 10),
        "x_etiqueta": str(ETIQUETA - 8),
        "x_barras": str(ETIQUETA),
        "x_texto": str(ETIQUETA + BARRAS + 8),
        "barras": barras,
    }


# Colours and sizes of the admin's SVG (templates/admin/sales/venta/resumen.html).
AZUL, VERDE, ROJO, TINTA, FONDO = "#417690", "#2e7d32", "#b3261e", "#333333", "#ffffff"
LETRA = 13
MARGEN = 16
# Debian's fonts-dejavu-core (scripts/setup.sh, Dockerfile): Pillow's own font has no accents.
FUENTE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def font(size: int):
    try:
        return ImageFont.truetype(FUENTE, size)
    except OSError:
        return ImageFont.load_default(size=size)


def chart_png(grafica: dict[str, Any], titulo: str) -> bytes:
    """The chart `chart()` computed, drawn as a PNG under a title (for a Mattermost post)."""
    letra = font(LETRA)
    arriba = MARGEN + 2 * LETRA + 8
    imagen = Image.new(
        "RGB",
        (int(grafica["ancho"]) + 2 * MARGEN, int(grafica["alto"]) + arriba + MARGEN),
        FONDO,
    )
    dibujo = ImageDraw.Draw(imagen)
    dibujo.text((MARGEN, MARGEN), titulo, fill=TINTA, font=font(18))
    for barra in grafica["barras"]:
        _bar(dibujo, grafica, barra, letra, (MARGEN, arriba))
    salida = io.BytesIO()
    imagen.save(salida, format="PNG", optimize=True)
    return salida.getvalue()


def _bar(dibujo, grafica: dict[str, Any], barra: dict[str, Any], letra, origen) -> None:
    dx, dy = origen
    y, base = float(barra["y"]) + dy, float(barra["y_texto"]) + dy
    x = float(grafica["x_barras"]) + dx
    dibujo.text(
        (float(grafica["x_etiqueta"]) + dx, base),
        barra["nombre"],
        fill=TINTA,
        font=letra,
        anchor="rs",
    )
    ancho = max(float(barra["ancho"]), 1.0)
    color = VERDE if barra["cumplida"] else AZUL
    dibujo.rounded_rectangle((x, y, x + ancho, y + 22), radius=3, fill=color)
    if barra["meta_x"] is not None:
        meta = float(barra["meta_x"]) + dx
        alto, bajo = (float(v) + dy for v in barra["y_meta"])
        dibujo.line((meta, alto, meta, bajo), fill=ROJO, width=3)
    dibujo.text(
        (float(grafica["x_texto"]) + dx, base),
        barra["texto"],
        fill=TINTA,
        font=letra,
        anchor="ls",
    )
