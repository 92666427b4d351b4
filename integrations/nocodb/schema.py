"""The base in NocoDB: create it, or check and complete it (`manage.py nocodb_bootstrap`), and
read back the ids the sync needs (table ids, foreign-key field titles).

Links are created only as has-many on the parent: a `bt` link through the columns API answers
500 and leaves a reversed half-link behind (../shared/nocodb/README.md).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from integrations.nocodb import client
from integrations.nocodb.tables import ENLACES, ORDEN, TABLAS

logger = logging.getLogger(__name__)

HOOK_TITULO = "salesbot: metas"
HOOK_CABECERA = "X-Salesbot-Token"
HOOK_RUTA = "/nocodb/webhook"


@dataclass(frozen=True)
class TablaRemota:
    id: str
    # Parent table name → title of the foreign-key field on this (child) table.
    fks: dict[str, str]


@dataclass(frozen=True)
class Esquema:
    base_id: str
    tablas: dict[str, TablaRemota]

    def id(self, tabla: str) -> str:
        return self.tablas[tabla].id

    def fk(self, hija: str, padre: str | None) -> str:
        return self.tablas[hija].fks[padre] if padre else ""


_cache: Esquema | None = None


def current() -> Esquema:
    """The base's ids, read once per process (`forget()` after changing the base)."""
    global _cache
    if _cache is None:
        _cache = _read_schema()
    return _cache


def forget() -> None:
    global _cache
    _cache = None


class EsquemaIncompleto(client.NocoDBError):
    def __init__(self, que: str) -> None:
        super().__init__(f"{que}: ejecute `manage.py nocodb_bootstrap`", permanent=True)


def _read_schema() -> Esquema:
    base = _base()
    if base is None:
        raise EsquemaIncompleto(f"No existe la base {settings.NOCODB_BASE!r} en NocoDB")
    remotas = _tables(base["id"])
    tablas = {}
    for nombre in ORDEN:
        if nombre not in remotas:
            raise EsquemaIncompleto(f"Falta la tabla {nombre} en NocoDB")
        detalle = client.request("GET", f"/api/v2/meta/tables/{remotas[nombre]['id']}")
        tablas[nombre] = TablaRemota(detalle["id"], _foreign_keys(detalle, remotas))
    for padre, hija, _titulo in ENLACES:
        if padre not in tablas[hija].fks:
            raise EsquemaIncompleto(f"Falta el enlace {padre} → {hija} en NocoDB")
    return Esquema(base["id"], tablas)


def _foreign_keys(detalle: dict[str, Any], remotas: dict[str, dict[str, Any]]) -> dict[str, str]:
    """For each `bt` link on a child table, the title of its foreign-key field."""
    nombres = {t["id"]: nombre for nombre, t in remotas.items()}
    por_id = {c["id"]: c for c in detalle["columns"]}
    fks = {}
    for columna in detalle["columns"]:
        opciones = columna.get("colOptions") or {}
        if columna["uidt"] == "LinkToAnotherRecord" and opciones.get("type") == "bt":
            padre = nombres.get(opciones.get("fk_related_model_id"))
            fk = por_id.get(opciones.get("fk_child_column_id"))
            if padre and fk:
                fks[padre] = fk["title"]
    return fks


def _base() -> dict[str, Any] | None:
    bases = client.request("GET", "/api/v2/meta/bases")["list"]
    return next((b for b in bases if b["title"] == settings.NOCODB_BASE), None)


def _tables(base_id: str) -> dict[str, dict[str, Any]]:
    tablas = client.request("GET", f"/api/v2/meta/bases/{base_id}/tables")["list"]
    return {t["title"]: t for t in tablas}


# --- nocodb_bootstrap ---------------------------------------------------------------------------


def prepare() -> tuple[list[str], list[str]]:
    """Create what is missing; returns (what was created or changed, warnings)."""
    hechos: list[str] = []
    avisos: list[str] = []
    base = _base()
    if base is None:
        base = client.request("POST", "/api/v2/meta/bases", json={"title": settings.NOCODB_BASE})
        hechos.append(f"base {settings.NOCODB_BASE}")
    remotas = _tables(base["id"])
    for nombre in ORDEN:
        if nombre in remotas:
            _complete_table(remotas[nombre]["id"], nombre, hechos, avisos)
            continue
        columnas = [c.definition() for c in TABLAS[nombre].columnas]
        remotas[nombre] = client.request(
            "POST",
            f"/api/v2/meta/bases/{base['id']}/tables",
            json={"table_name": nombre, "title": nombre, "columns": columnas},
        )
        hechos.append(f"tabla {nombre} ({len(columnas)} columnas)")
    for padre, hija, titulo in ENLACES:
        _link(remotas[padre]["id"], remotas[hija]["id"], padre, hija, titulo, hechos)
    _ensure_webhook(remotas["Meta"]["id"], hechos, avisos)
    forget()
    current()  # checks that everything the sync needs is now there
    return hechos, avisos


def _complete_table(tabla_id: str, nombre: str, hechos: list[str], avisos: list[str]) -> None:
    existentes = {
        c["title"]: c for c in client.request("GET", f"/api/v2/meta/tables/{tabla_id}")["columns"]
    }
    for columna in TABLAS[nombre].columnas:
        actual = existentes.get(columna.titulo)
        if actual is None:
            definicion = {k: v for k, v in columna.definition().items() if k != "pv"}
            client.request("POST", f"/api/v2/meta/tables/{tabla_id}/columns", json=definicion)
            hechos.append(f"columna {nombre}.{columna.titulo}")
        elif actual["uidt"] != columna.tipo:
            avisos.append(
                f"{nombre}.{columna.titulo} es {actual['uidt']}, se esperaba "
                f"{columna.tipo}: corríjalo a mano en NocoDB"
            )
        elif columna.unica and not actual.get("unique"):
            avisos.append(f"{nombre}.{columna.titulo} no es única en NocoDB")


def _link(
    padre_id: str, hija_id: str, padre: str, hija: str, titulo: str, hechos: list[str]
) -> None:
    columnas = client.request("GET", f"/api/v2/meta/tables/{padre_id}")["columns"]
    for columna in columnas:
        opciones = columna.get("colOptions") or {}
        if (
            columna["uidt"] == "Links"
            and opciones.get("type") == "hm"
            and opciones.get("fk_related_model_id") == hija_id
        ):
            return
    client.request(
        "POST",
        f"/api/v2/meta/tables/{padre_id}/columns",
        json={
            "uidt": "Links",
            "title": titulo,
            "type": "hm",
            "parentId": padre_id,
            "childId": hija_id,
        },
    )
    hechos.append(f"enlace {padre} → {hija} ({titulo})")


def wanted_hook() -> dict[str, Any]:
    """The Meta webhook: after insert and update, to salesbot, with its token in a header.

    Checked on 0.301.3: v3 hooks take `operation` as a list and fire once per request, bulk or
    not, with `data.rows` (and `data.previous_rows` on updates). See docs/nocodb.md.
    """
    return {
        "title": HOOK_TITULO,
        "event": "after",
        "operation": ["insert", "update"],
        "version": "v3",
        "active": True,
        "retries": 5,
        "retry_interval": 60000,
        "timeout": 30000,
        "notification": {
            "type": "URL",
            "payload": {
                "method": "POST",
                "path": f"{settings.SALESBOT_PUBLIC_URL}{HOOK_RUTA}",
                "body": "{{ json event }}",
                "headers": [
                    {"name": HOOK_CABECERA, "value": settings.NOCODB_WEBHOOK_TOKEN, "enabled": True}
                ],
                "parameters": [],
                "auth": "",
            },
        },
    }


def _ensure_webhook(meta_id: str, hechos: list[str], avisos: list[str]) -> None:
    if not settings.NOCODB_WEBHOOK_TOKEN:
        avisos.append(
            "NOCODB_WEBHOOK_TOKEN está vacío: no se crea el webhook de Meta (las "
            "metas editadas en NocoDB no volverán a salesbot)"
        )
        return
    deseado = wanted_hook()
    hooks = client.request("GET", f"/api/v2/meta/tables/{meta_id}/hooks")["list"]
    actual = next((h for h in hooks if h["title"] == HOOK_TITULO), None)
    if actual is None:
        client.request("POST", f"/api/v2/meta/tables/{meta_id}/hooks", json=deseado)
        hechos.append(f"webhook de Meta → {deseado['notification']['payload']['path']}")
    elif not _same_hook(actual, deseado):
        client.request("PATCH", f"/api/v2/meta/hooks/{actual['id']}", json=deseado)
        hechos.append(f"webhook de Meta actualizado → {deseado['notification']['payload']['path']}")


def _same_hook(actual: dict[str, Any], deseado: dict[str, Any]) -> bool:
    notificacion = actual.get("notification")
    if isinstance(notificacion, str):
        notificacion = json.loads(notificacion)
    return (
        notificacion == deseado["notification"]
        and sorted(actual.get("operation") or []) == sorted(deseado["operation"])
        and bool(actual.get("active"))
        and actual.get("event") == "after"
        and actual.get("version") == deseado["version"]
    )
