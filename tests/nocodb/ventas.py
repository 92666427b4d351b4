"""Sales made through `sales.services`, the way the webhook's worker makes them."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from decimal import Decimal

from integrations.mattermost.types import Post
from sales.models import Estado, Venta
from sales.parsing import MensajeVenta
from sales.rules import Evaluacion
from sales.services import ledger

_numero = itertools.count(1)


def post(vendedor: str = "ana", mensaje: str = "", fecha: dt.datetime | None = None) -> Post:
    n = next(_numero)
    return Post(
        id=f"post{n:022d}",
        channel_id="c" * 26,
        user_id=f"{vendedor:x<26}"[:26],
        user_name=vendedor,
        message=mensaje or f"venta {n}",
        create_at=int((fecha.timestamp() if fecha else time.time()) * 1000),
        root_id="",
    )


def vender(
    *,
    vendedor: str = "ana",
    cliente: str = "Ferretería López",
    monto: str = "1500.50",
    tubos: int = 3,
    producto: str = "Tubo PVC 2in",
    leidos: list[dict] | None = None,
    fecha: dt.datetime | None = None,
) -> Venta:
    """A sale; `leidos` are line items read from its receipt (each a Detalle's fields)."""
    mensaje = MensajeVenta(monto=Decimal(monto), cliente=cliente, tubos=tubos, producto=producto)
    evaluacion = Evaluacion(estado=Estado.REGISTRADA, detalles_leidos=leidos or [])
    return ledger.register_sale(
        post=post(vendedor, fecha=fecha), mensaje=mensaje, fuente="webhook", evaluacion=evaluacion
    )


def corregir(venta: Venta, **cambios) -> Venta:
    datos = {
        "monto": venta.monto,
        "cliente": venta.cliente,
        "tubos": venta.tubos,
        "producto": venta.producto,
        **cambios,
    }
    datos["monto"] = Decimal(str(datos["monto"]))
    return ledger.correct_sale(venta=venta, mensaje=MensajeVenta(**datos), actor="ana")
