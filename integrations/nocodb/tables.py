"""What the mirror looks like: the six tables, their typed columns, the links, and how a ledger
row becomes a NocoDB row and back.

Each table has a unique `local_id` (the ledger's primary key): the key that finds a row again
when NocoDB's own `Id` was not recorded (a push cut after NocoDB wrote). Parents are set
through the foreign-key field NocoDB adds to the child (`Vendedor_id` on PostgreSQL; read from
the metadata, the name differs on SQLite), because bulk requests ignore nested links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models

from integrations.nocodb.client import decimal_to_text, to_decimal
from sales.models import Ajuste, Detalle, EstadoCuenta, Meta, Vendedor, Venta

TEXTO = "SingleLineText"
TEXTO_LARGO = "LongText"
NUMERO = "Number"
DECIMAL = "Decimal"
FECHA = "Date"
FECHA_HORA = "DateTime"
CASILLA = "Checkbox"

_META_TIPO: dict[str, dict[str, Any]] = {
    DECIMAL: {"precision": 2},
    FECHA: {"date_format": "YYYY-MM-DD"},
    FECHA_HORA: {"date_format": "YYYY-MM-DD", "time_format": "HH:mm", "is12hFormat": False},
}


@dataclass(frozen=True)
class Columna:
    titulo: str
    tipo: str
    # The ledger's value (a Python value; `to_nocodb` turns it into JSON).
    valor: Callable[[Any], Any]
    principal: bool = False  # NocoDB's display value for the row (what a link shows)
    unica: bool = False

    def definition(self) -> dict[str, Any]:
        definicion: dict[str, Any] = {
            "column_name": self.titulo,
            "title": self.titulo,
            "uidt": self.tipo,
        }
        if self.tipo in _META_TIPO:
            definicion["meta"] = _META_TIPO[self.tipo]
        if self.principal:
            definicion["pv"] = True
        if self.unica:
            definicion["unique"] = True
        return definicion


@dataclass(frozen=True)
class Tabla:
    nombre: str
    modelo: type[models.Model]
    columnas: tuple[Columna, ...]
    # The parent table and the ledger's foreign key to it (the child side of a link).
    padre: str | None = None
    campo_padre: str = ""
    relacionados: tuple[str, ...] = field(default=())

    def column(self, titulo: str) -> Columna:
        return next(c for c in self.columnas if c.titulo == titulo)


def _local_id() -> Columna:
    return Columna("local_id", NUMERO, lambda o: o.pk, unica=True)


TABLAS: dict[str, Tabla] = {
    "Vendedor": Tabla(
        "Vendedor",
        Vendedor,
        (
            Columna("username", TEXTO, lambda v: v.username, principal=True),
            Columna("nombre", TEXTO, lambda v: v.nombre),
            Columna("mm_user_id", TEXTO, lambda v: v.mm_user_id),
            Columna("activo", CASILLA, lambda v: v.activo),
            Columna("creado", FECHA_HORA, lambda v: v.creado),
            _local_id(),
        ),
    ),
    "Venta": Tabla(
        "Venta",
        Venta,
        (
            Columna("cliente", TEXTO, lambda v: v.cliente, principal=True),
            Columna("fecha", FECHA_HORA, lambda v: v.fecha),
            Columna("monto", DECIMAL, lambda v: v.monto),
            Columna("tubos", NUMERO, lambda v: v.tubos),
            Columna("producto", TEXTO, lambda v: v.producto),
            Columna("comision", DECIMAL, lambda v: v.comision),
            Columna("estado", TEXTO, lambda v: v.estado),
            Columna("motivo", TEXTO, lambda v: v.motivo),
            Columna("nota", TEXTO_LARGO, lambda v: v.nota),
            Columna("origen", TEXTO, lambda v: v.origen),
            Columna("post_id", TEXTO, lambda v: v.post_id),
            _local_id(),
        ),
        padre="Vendedor",
        campo_padre="vendedor_id",
        relacionados=("vendedor",),
    ),
    "Detalle": Tabla(
        "Detalle",
        Detalle,
        (
            Columna("descripcion", TEXTO, lambda d: d.descripcion, principal=True),
            Columna("cantidad", DECIMAL, lambda d: d.cantidad),
            Columna("precio_unitario", DECIMAL, lambda d: d.precio_unitario),
            Columna("importe", DECIMAL, lambda d: d.importe),
            Columna("origen", TEXTO, lambda d: d.origen),
            _local_id(),
        ),
        padre="Venta",
        campo_padre="venta_id",
        relacionados=("venta",),
    ),
    "Meta": Tabla(
        "Meta",
        Meta,
        (
            Columna("mes", FECHA, lambda m: m.mes),
            Columna("monto", DECIMAL, lambda m: m.monto),
            Columna("tubos", NUMERO, lambda m: m.tubos),
            _local_id(),
            # Set to a new value by every salesbot push and by nobody else: the webhook tells
            # salesbot's own writes (sello changed) from a manager's edit (sello unchanged).
            Columna("sello", TEXTO, lambda m: ""),
        ),
        padre="Vendedor",
        campo_padre="vendedor_id",
        relacionados=("vendedor",),
    ),
    # The month close (sales/closing): statements never change once written; `vigente` turns
    # false when their month is reopened. Adjustments change only where they are paid.
    "EstadoCuenta": Tabla(
        "EstadoCuenta",
        EstadoCuenta,
        (
            Columna(
                "periodo", TEXTO, lambda e: f"{e.mes:%Y-%m} {e.vendedor.username}", principal=True
            ),
            Columna("mes", FECHA, lambda e: e.mes),
            Columna("ventas", NUMERO, lambda e: e.ventas),
            Columna("tubos", NUMERO, lambda e: e.tubos),
            Columna("monto", DECIMAL, lambda e: e.monto),
            Columna("meta_monto", DECIMAL, lambda e: e.meta_monto),
            Columna("meta_tubos", NUMERO, lambda e: e.meta_tubos),
            Columna("comision_ventas", DECIMAL, lambda e: e.comision_ventas),
            Columna("acelerador", DECIMAL, lambda e: e.acelerador),
            Columna("ajustes", DECIMAL, lambda e: e.ajustes),
            Columna("total", DECIMAL, lambda e: e.total),
            Columna("plan", TEXTO, lambda e: e.plan.nombre if e.plan else ""),
            Columna("vigente", CASILLA, lambda e: e.vigente),
            Columna("cerrado_por", TEXTO, lambda e: e.cerrado_por),
            Columna("cerrado_en", FECHA_HORA, lambda e: e.cerrado_en),
            _local_id(),
        ),
        padre="Vendedor",
        campo_padre="vendedor_id",
        relacionados=("vendedor",),
    ),
    "Ajuste": Tabla(
        "Ajuste",
        Ajuste,
        (
            Columna("concepto", TEXTO, lambda a: str(a), principal=True),
            Columna("tipo", TEXTO, lambda a: a.tipo),
            Columna("monto", DECIMAL, lambda a: a.monto),
            Columna("venta", NUMERO, lambda a: a.venta_id),
            Columna("mes_origen", FECHA, lambda a: a.mes_origen),
            Columna("mes", FECHA, lambda a: a.mes),
            Columna("motivo", TEXTO_LARGO, lambda a: a.motivo),
            Columna("actor", TEXTO, lambda a: a.actor),
            Columna("creado", FECHA_HORA, lambda a: a.creado),
            Columna("estado_de_cuenta", NUMERO, lambda a: a.aplicado_en_id),
            Columna("anulado", CASILLA, lambda a: a.anulado_en is not None),
            _local_id(),
        ),
        padre="Vendedor",
        campo_padre="vendedor_id",
        relacionados=("vendedor",),
    ),
}
# Parents before children: a child's foreign key needs its parent's NocoDB Id.
ORDEN = ("Vendedor", "Venta", "Detalle", "Meta", "EstadoCuenta", "Ajuste")
# (parent, child, title of the has-many field on the parent).
ENLACES = (
    ("Vendedor", "Venta", "ventas"),
    ("Venta", "Detalle", "detalles"),
    ("Vendedor", "Meta", "metas"),
    ("Vendedor", "EstadoCuenta", "estados_de_cuenta"),
    ("Vendedor", "Ajuste", "ajustes"),
)
# Columns salesbot compares and writes; `sello` is bookkeeping, not data.
_NO_COMPARABLES = {"sello"}


def to_nocodb(tipo: str, valor: Any) -> Any:
    if valor is None:
        return None
    if tipo == DECIMAL:
        return decimal_to_text(valor)
    if tipo == FECHA_HORA:
        # NocoDB keeps whole seconds; UTC with an explicit offset is stored as given.
        return valor.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S+00:00")
    if tipo == FECHA:
        return valor.isoformat()
    return valor


def normalised(tipo: str, valor: Any) -> Any:
    """A value as NocoDB answers it, in a form comparable with `to_nocodb`'s output."""
    if tipo == DECIMAL:
        numero = to_decimal(valor)
        return None if numero is None else numero.normalize()
    if tipo == CASILLA:
        return bool(valor)
    if tipo == NUMERO:
        return None if valor in (None, "") else int(valor)
    if tipo in (TEXTO, TEXTO_LARGO):
        return valor or ""
    if tipo == FECHA_HORA and valor:
        return _datetime(valor)
    if tipo == FECHA and valor:
        return str(valor)[:10]
    return valor


def _datetime(valor: str) -> str:
    momento = dt.datetime.fromisoformat(str(valor).replace("Z", "+00:00"))
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=dt.UTC)
    return to_nocodb(FECHA_HORA, momento)


def row(
    tabla: Tabla, obj: models.Model, *, fk: str = "", padre_id: int | None = None, sello: str = ""
) -> dict[str, Any]:
    """The NocoDB row for a ledger object (without `Id`)."""
    datos = {c.titulo: to_nocodb(c.tipo, c.valor(obj)) for c in tabla.columnas}
    if tabla.nombre == "Meta":
        datos["sello"] = sello
    if fk:
        datos[fk] = padre_id
    return datos


def comparable(tabla: Tabla, datos: dict[str, Any], fk: str = "") -> dict[str, Any]:
    """The values that must match between the ledger and NocoDB, normalised."""
    valores = {
        c.titulo: normalised(c.tipo, datos.get(c.titulo))
        for c in tabla.columnas
        if c.titulo not in _NO_COMPARABLES
    }
    if fk:
        valores[fk] = normalised(NUMERO, datos.get(fk))
    return valores


def differences(
    tabla: Tabla, local: dict[str, Any], remota: dict[str, Any], fk: str = ""
) -> list[str]:
    """Titles of the columns whose values differ (empty when the rows agree)."""
    a, b = comparable(tabla, local, fk), comparable(tabla, remota, fk)
    return [titulo for titulo in a if a[titulo] != b[titulo]]


def remember_ids(modelo: type[models.Model], objetos: list[models.Model]) -> None:
    """Keep NocoDB's `Id` on the ledger rows (`nocodb_id`: the mirror's bookkeeping, not ledger
    state; no audit entry). One statement per call: `bulk_update` builds a CASE per row and cost
    ~0.3 ms a row, a third of a full resync's own time."""
    if not objetos:
        return
    # Integers from our own rows and NocoDB's answer, cast with int(): nothing to inject.
    valores = ", ".join(
        f"({int(o.pk)}, {'CAST(NULL AS integer)' if o.nocodb_id is None else int(o.nocodb_id)})"
        for o in objetos
    )
    q = connection.ops.quote_name
    tabla, pk = q(modelo._meta.db_table), q(modelo._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v(id, nid) AS (VALUES {valores}) "  # noqa: S608
            f"UPDATE {tabla} SET nocodb_id = (SELECT nid FROM v WHERE v.id = {tabla}.{pk}) "
            f"WHERE {pk} IN (SELECT id FROM v)"
        )
