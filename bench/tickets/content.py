"""What a generated ticket says: store, date, items (tubes and other products), totals."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

STORES = (
    ("FERRETERIA EL TUBO", "Av. Juarez 120, Col. Centro"),
    ("TLAPALERIA SAN JOSE", "Calle Morelos 45, Puebla, Pue."),
    ("MATERIALES LOPEZ", "Blvd. Hidalgo 890, Leon, Gto."),
    ("PLOMERIA LA ESPERANZA", "Av. Reforma 33, Toluca, Mex."),
    ("HIDRAULICA DEL NORTE", "Carr. Nacional Km 5, Monterrey, N.L."),
    ("DISTRIBUIDORA GARCIA", "Calle 5 de Mayo 210, Oaxaca, Oax."),
    ("CASA RAMIREZ", "Av. Insurgentes Sur 1450, CDMX"),
    ("FERRE-PLUS", "Calle Allende 77, Queretaro, Qro."),
)
TUBES = (
    'TUBO PVC 1/2"',
    'TUBO PVC 3/4"',
    'TUBO CPVC 1/2"',
    'TUBO COBRE 1/2"',
    "TUBO GALV 1 PULG",
    "TUBO PVC SANITARIO 4",
    "TUBOS CONDUIT 3/4",
    'TUBO PPR 1"',
    "TUBO HIDRAULICO 2 PULG",
)
OTHERS = (
    'CODO PVC 1/2"',
    "PEGAMENTO PVC 250ML",
    "CINTA TEFLON",
    "LLAVE DE PASO 1/2",
    'COPLE CPVC 3/4"',
    "VALVULA ESFERA 1/2",
    "ABRAZADERA 2 PULG",
    "SILICON TRANSPARENTE",
    "TEE PVC 1/2",
    "REDUCCION BUSHING",
    "MANGUERA 10 M",
    "TAPON CAPA 1/2",
    "LIJA AGUA 220",
    "BROCHA 3 PULG",
    "TORNILLO 1/4 X 2",
)
MONTHS = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")


@dataclass(frozen=True)
class TicketItem:
    cantidad: int
    descripcion: str
    precio: Decimal
    importe: Decimal
    es_tubo: bool


@dataclass(frozen=True)
class Ticket:
    store: str
    address: str
    rfc: str
    when: datetime
    folio: int
    items: tuple[TicketItem, ...]
    subtotal: Decimal
    descuento: Decimal
    iva: Decimal
    total: Decimal
    efectivo: Decimal | None  # None: paid by card
    cambio: Decimal | None
    style: str  # "us" (1,500.00) or "eu" (1.500,00)

    @property
    def tubos(self) -> int:
        return sum(i.cantidad for i in self.items if i.es_tubo)


def make_ticket(rng: random.Random) -> Ticket:
    store, address = rng.choice(STORES)
    items = tuple(_item(rng, tube) for tube in _tube_flags(rng))
    subtotal = sum((i.importe for i in items), Decimal(0))
    descuento = (
        _money(subtotal * Decimal(rng.choice([5, 10]) / 100)) if rng.random() < 0.2 else Decimal(0)
    )
    iva = _money((subtotal - descuento) * Decimal("0.16"))
    total = subtotal - descuento + iva
    efectivo = cambio = None
    if rng.random() < 0.7:
        step = rng.choice([Decimal(50), Decimal(100), Decimal(500)])
        efectivo = ((total / step).to_integral_value(rounding="ROUND_CEILING")) * step
        if efectivo == total:
            efectivo += step
        cambio = efectivo - total
    when = datetime(2024, 1, 1) + timedelta(minutes=rng.randrange(0, 60 * 24 * 600))
    return Ticket(
        store=store,
        address=address,
        rfc="".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        + f"{rng.randrange(10**6):06d}"
        + "A1B",
        when=when,
        folio=rng.randrange(1000, 999999),
        items=items,
        subtotal=subtotal,
        descuento=descuento,
        iva=iva,
        total=total,
        efectivo=efectivo,
        cambio=cambio,
        style=rng.choice(["us", "us", "eu"]),
    )


def _tube_flags(rng: random.Random) -> list[bool]:
    count = rng.randint(2, 7)
    tubes = rng.randint(0, min(3, count))
    flags = [True] * tubes + [False] * (count - tubes)
    rng.shuffle(flags)
    return flags


def _item(rng: random.Random, tube: bool) -> TicketItem:
    descripcion = rng.choice(TUBES if tube else OTHERS)
    cantidad = rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 20])
    precio = _money(
        Decimal(rng.choice([rng.uniform(8, 120), rng.uniform(60, 900), rng.uniform(300, 2600)]))
    )
    return TicketItem(cantidad, descripcion, precio, precio * cantidad, tube)


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
