"""Which sales the desk walks through: the queue's filters (motivo, seller, month) and, for one
sale's page, the sales before and after it and the one to open after a decision.

The filters travel with the reviewer (in the links and the decision form), so «siguiente» and
the page after a decision stay within what they chose to review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from sales.models import Motivo, Vendedor, Venta
from sales.reports.figures import month_range, parse_month


@dataclass(frozen=True)
class Filtros:
    motivo: str = ""
    vendedor: str = ""  # username
    mes: dt.date | None = None

    @classmethod
    def read(cls, datos) -> Filtros:
        """From a request's GET or POST; anything unknown is ignored."""
        motivo = datos.get("motivo", "")
        vendedor = datos.get("vendedor", "")
        # A NUL cannot be in a username, and PostgreSQL refuses it in a query.
        conocido = "\x00" not in vendedor and Vendedor.objects.filter(username=vendedor).exists()
        return cls(
            motivo=motivo if motivo in Motivo.values and motivo else "",
            vendedor=vendedor if conocido else "",
            mes=parse_month(datos.get("mes", "")),
        )

    def apply(self, ventas: QuerySet[Venta]) -> QuerySet[Venta]:
        if self.motivo:
            ventas = ventas.filter(motivo=self.motivo)
        if self.vendedor:
            ventas = ventas.filter(vendedor__username=self.vendedor)
        if self.mes:
            inicio, fin = month_range(self.mes)
            ventas = ventas.filter(fecha__gte=inicio, fecha__lt=fin)
        return ventas

    def query(self) -> str:
        """`motivo=…&vendedor=…&mes=2026-11`, only what is set."""
        valores = {"motivo": self.motivo, "vendedor": self.vendedor}
        if self.mes:
            valores["mes"] = f"{self.mes:%Y-%m}"
        return urlencode({k: v for k, v in valores.items() if v})


def neighbours(venta: Venta, en_revision: QuerySet[Venta]) -> tuple[int | None, int | None]:
    """The ids of the sales just before and after `venta` in the queue's order (oldest first)."""
    antes = Q(fecha__lt=venta.fecha) | Q(fecha=venta.fecha, id__lt=venta.pk)
    despues = Q(fecha__gt=venta.fecha) | Q(fecha=venta.fecha, id__gt=venta.pk)
    anterior = en_revision.filter(antes).order_by("-fecha", "-id").values_list("id", flat=True)
    siguiente = en_revision.filter(despues).order_by("fecha", "id").values_list("id", flat=True)
    return anterior.first(), siguiente.first()


def after_decision(venta: Venta, en_revision: QuerySet[Venta]) -> int | None:
    """The sale to open once `venta` is decided: the next one in the queue, else the first."""
    _, siguiente = neighbours(venta, en_revision)
    if siguiente is not None:
        return siguiente
    return (
        en_revision.exclude(pk=venta.pk)
        .order_by("fecha", "id")
        .values_list("id", flat=True)
        .first()
    )
