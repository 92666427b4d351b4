"""NocoDB's Meta webhook (v3 hooks, 0.301.3): token check and payload parsing.

What NocoDB sends (recorded in docs/nocodb.md and tests/fixtures/nocodb/):
`{"type": "records.after.insert" | "records.after.update", "id", "base_id", "version": "v3",
"data": {"table_id", "table_name", "rows": [...], "previous_rows": [...] (updates only)}}`,
one call per request, bulk or not. A row carries its fields by title, the foreign key, and the
parent link as `{"Id", <display value>}`; decimals are JSON numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, serializers

from integrations.http import token_matches
from integrations.nocodb.client import to_decimal
from integrations.nocodb.schema import HOOK_CABECERA

logger = logging.getLogger(__name__)

TIPOS = {"records.after.insert": "insert", "records.after.update": "update"}
# A row id: NocoDB's auto-increment Ids and salesbot's own ids are positive and fit the
# positive integer columns that keep them (PostgreSQL's `integer`).
_ID_MAX = 2**31 - 1


class NocoDBCaller:
    is_authenticated = True


class HeaderTokenAuthentication(authentication.BaseAuthentication):
    """The hook sends NOCODB_WEBHOOK_TOKEN in a header; no token configured means no access."""

    def authenticate(self, request):
        token = request.headers.get(HOOK_CABECERA, "")
        esperado = settings.NOCODB_WEBHOOK_TOKEN
        if not token_matches(token, [esperado] if esperado else []):
            logger.info("NocoDB webhook refused: missing or wrong token")
            raise exceptions.AuthenticationFailed("Token inválido.")
        return NocoDBCaller(), token

    def authenticate_header(self, request) -> str:
        return HOOK_CABECERA


class HasNocoDBToken(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


@dataclass(frozen=True)
class FilaMeta:
    """A Meta row as NocoDB sent it (None where the grid left a cell empty)."""

    nocodb_id: int
    local_id: int | None
    vendedor_nocodb_id: int | None
    mes: dt.date | None
    monto: Decimal | None
    tubos: int | None
    sello: str

    @property
    def complete(self) -> bool:
        return None not in (self.vendedor_nocodb_id, self.mes, self.monto)


@dataclass(frozen=True)
class EventoMeta:
    tipo: str  # "insert" or "update"
    filas: tuple[tuple[FilaMeta, FilaMeta | None], ...]  # (row, the row before an update)


class WebhookSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=sorted(TIPOS))
    data = serializers.DictField()

    def validate_data(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("table_name") != "Meta":
            raise serializers.ValidationError("Solo se aceptan cambios de la tabla Meta.")
        rows, previous = data.get("rows"), data.get("previous_rows") or []
        for name, value in (("rows", rows), ("previous_rows", previous)):
            if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
                raise serializers.ValidationError(f"`{name}` debe ser una lista de filas.")
        try:
            [row_of(r) for r in rows + previous]
        except (KeyError, TypeError, ValueError, InvalidOperation, OverflowError) as exc:
            raise serializers.ValidationError(f"Fila inválida: {exc}") from None
        return data

    def event(self) -> EventoMeta:
        data = self.validated_data["data"]
        anteriores = {f.nocodb_id: f for f in map(row_of, data.get("previous_rows") or [])}
        filas = tuple(
            (fila, anteriores.get(fila.nocodb_id)) for fila in (row_of(r) for r in data["rows"])
        )
        return EventoMeta(TIPOS[self.validated_data["type"]], filas)


def row_of(row: dict[str, Any]) -> FilaMeta:
    monto = to_decimal(row.get("monto"))
    return FilaMeta(
        nocodb_id=_row_id(row["Id"]),
        local_id=_integer(row.get("local_id"), _row_id),
        vendedor_nocodb_id=_seller(row),
        mes=dt.date.fromisoformat(str(row["mes"])[:10]) if row.get("mes") else None,
        monto=None if monto is None else monto.quantize(Decimal("0.01"), ROUND_HALF_UP),
        tubos=_integer(row.get("tubos")),
        sello=str(row.get("sello") or ""),
    )


def _integer(valor: Any, read: Callable[[Any], int] = int) -> int | None:
    """An optional number: None for an empty cell, else `read` of it."""
    return None if valor in (None, "") else read(valor)


def _row_id(valor: Any) -> int:
    numero = int(valor)
    if not 1 <= numero <= _ID_MAX:
        raise ValueError(f"el id {numero} no es el de una fila")
    return numero


def _seller(row: dict[str, Any]) -> int | None:
    """The seller's NocoDB Id: from the link object, or from the foreign key field (its title
    differs between NocoDB's PostgreSQL and SQLite back-ends, hence the suffix match)."""
    enlace = row.get("Vendedor")
    if isinstance(enlace, dict) and enlace.get("Id") is not None:
        return _row_id(enlace["Id"])
    for clave, valor in row.items():
        if clave.endswith("Vendedor_id") and valor is not None:
            return _row_id(valor)
    return None
