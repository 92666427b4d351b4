"""NocoDB's REST API with the salesbot API token: the one place that talks to NocoDB over HTTP.

Every call goes through `request()`: `xc-token` auth, timeouts, both error body shapes
(`{"error", "message"}` and `{"msg"}`) and network failures become one `NocoDBError` that says
whether a retry can help and whether the request may have been applied anyway. A 429 is
answered by waiting and trying again here; nothing is throttled in advance.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings

from integrations.http import ServiceError, json_object, retry_after

logger = logging.getLogger(__name__)

# NocoDB refuses bulk requests of more than 100 rows and pages lists at 1,000 rows.
LOTE = 100
PAGINA = 1000
# Waits after a 429 before trying again, in seconds (a Retry-After header wins when longer).
# After the last one the 429 becomes a retryable error for the caller's own schedule.
ESPERAS_429: tuple[float, ...] = (1, 2, 4, 8, 16)
# Statuses that say the request was refused before anything was written.
_RECHAZOS = {400, 401, 403, 404, 405, 409, 413, 422}

_session = requests.Session()


class NocoDBError(ServiceError):
    """A failed NocoDB call. `ambiguous`: a timeout, a lost connection or a 5xx after the write
    (nocodb/nocodb#13284) may have applied it; look before creating again."""

    @property
    def duplicate(self) -> bool:
        return self.code == "FIELD_UNIQUE_CONSTRAINT_VIOLATION"


class NocoDBNotConfigured(NocoDBError):
    def __init__(self) -> None:
        super().__init__("NOCODB_URL o NOCODB_API_TOKEN no están configurados", permanent=True)


def configured() -> bool:
    return bool(settings.NOCODB_URL and settings.NOCODB_API_TOKEN)


def request(
    method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None
) -> Any:
    """Call `{NOCODB_URL}{path}` and return the decoded JSON body."""
    if not configured():
        raise NocoDBNotConfigured()
    esperas = iter(ESPERAS_429)
    while True:
        response = _send(method, path, json=json, params=params)
        if response.status_code != 429:
            break
        espera = next(esperas, None)
        if espera is None:
            raise NocoDBError(f"{method} {path}: 429 demasiadas solicitudes", status=429)
        espera = max(espera, retry_after(response) or 0)
        logger.warning("NocoDB answered 429 to %s %s; waiting %ss", method, path, espera)
        time.sleep(espera)
    if response.status_code >= 400:
        raise _error_from(response, method, path)
    return response.json() if response.content else None


def _send(method: str, path: str, **kwargs: Any) -> requests.Response:
    timeout = float(settings.NOCODB_TIMEOUT)
    try:
        return _session.request(
            method,
            f"{settings.NOCODB_URL}{path}",
            headers={"xc-token": settings.NOCODB_API_TOKEN},
            timeout=(min(timeout, 5.0), timeout),
            **kwargs,
        )
    except requests.ConnectionError as exc:
        # A refused connection never reached NocoDB; anything else may have.
        sent = not isinstance(exc, requests.ConnectTimeout) and not _refused(exc)
        raise NocoDBError(
            f"{method} {path}: {exc.__class__.__name__}: {exc}", ambiguous=sent and method != "GET"
        ) from exc
    except requests.RequestException as exc:
        raise NocoDBError(
            f"{method} {path}: {exc.__class__.__name__}: {exc}", ambiguous=method != "GET"
        ) from exc


def _refused(exc: Exception) -> bool:
    return "Connection refused" in str(exc) or "NewConnectionError" in str(exc)


def _error_from(response: requests.Response, method: str, path: str) -> NocoDBError:
    status = response.status_code
    body = json_object(response)
    # Two shapes: {"error": "ERR_…", "message": "…"} and {"msg": "…"}.
    code = str(body.get("error") or "")
    message = body.get("message") or body.get("msg") or response.text[:200].strip()
    return NocoDBError(
        f"{method} {path}: {status} {code} {message}".replace("  ", " "),
        status=status,
        code=code,
        permanent=status in _RECHAZOS,
        ambiguous=status >= 500 and method != "GET",
    )


# --- Records (v2) -----------------------------------------------------------------------------


def list_rows(
    tabla_id: str, *, where: str | None = None, fields: Iterable[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every row of a table matching `where`, page by page, in Id order."""
    params: dict[str, Any] = {"limit": PAGINA, "sort": "Id"}
    if where:
        params["where"] = where
    if fields:
        params["fields"] = ",".join(fields)
    offset = 0
    while True:
        body = request(
            "GET", f"/api/v2/tables/{tabla_id}/records", params={**params, "offset": offset}
        )
        filas = body.get("list") or []
        yield from filas
        if body.get("pageInfo", {}).get("isLastPage", True) or not filas:
            return
        offset += len(filas)


def create_rows(tabla_id: str, filas: list[dict[str, Any]]) -> list[int]:
    """Insert up to 100 rows; their new Ids, in input order."""
    _one_batch(filas)
    respuesta = request("POST", f"/api/v2/tables/{tabla_id}/records", json=filas)
    return [int(r["Id"]) for r in respuesta]


def update_rows(tabla_id: str, filas: list[dict[str, Any]]) -> None:
    """Update up to 100 rows by their `Id` (all or nothing: a missing Id fails the lot)."""
    _one_batch(filas)
    request("PATCH", f"/api/v2/tables/{tabla_id}/records", json=filas)


def delete_rows(tabla_id: str, ids: list[int]) -> None:
    """Delete up to 100 rows by Id (all or nothing: a missing Id fails the lot)."""
    _one_batch(ids)
    request("DELETE", f"/api/v2/tables/{tabla_id}/records", json=[{"Id": i} for i in ids])


def ids_by_local_id(tabla_id: str, local_ids: Iterable[int]) -> dict[int, int]:
    """NocoDB's `Id` for each `local_id` found (the lowest one when doubled)."""
    encontrados: dict[int, int] = {}
    pendientes = sorted(set(local_ids))
    for inicio in range(0, len(pendientes), LOTE):
        lote = ",".join(str(i) for i in pendientes[inicio : inicio + LOTE])
        for fila in list_rows(tabla_id, where=f"(local_id,in,{lote})", fields=["Id", "local_id"]):
            encontrados.setdefault(int(fila["local_id"]), int(fila["Id"]))
    return encontrados


def _one_batch(filas: list[Any]) -> None:
    if len(filas) > LOTE:
        raise ValueError(f"NocoDB acepta como mucho {LOTE} filas por solicitud ({len(filas)})")


# --- Values -----------------------------------------------------------------------------------


def decimal_to_text(valor: Decimal | None) -> str | None:
    """Decimals travel as strings ("21.50"): a float would round them on the way."""
    return None if valor is None else str(valor)


def to_decimal(valor: Any) -> Decimal | None:
    """NocoDB answers decimals as JSON floats: `Decimal(str(x))` keeps what it printed."""
    if valor is None or valor == "":
        return None
    return Decimal(str(valor))
