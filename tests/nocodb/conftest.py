"""Fixtures for the NocoDB mirror: a real NocoDB (one per test session, a fresh base per test),
a fault-injecting proxy in front of it, and sales made through the ledger's services."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from decimal import Decimal

import pytest

from integrations.nocodb import client, schema
from tests.nocodb.proxy import Proxy
from tests.nocodb.servidor import RAIZ, NocoDBLocal, NocoDBNoArranca

WEBHOOK_TOKEN = "nocodb-hook-token-para-pruebas"


@pytest.fixture(scope="session")
def nocodb_servidor():
    """NocoDB 0.301.3 from npm, started once per session. It never skips: if it cannot start,
    every test that needs it fails with the reason and the tail of its log."""
    log = RAIZ / "var" / f"nocodb-test-{os.getpid()}.log"
    try:
        with NocoDBLocal(log) as servidor:
            yield servidor
    except NocoDBNoArranca as exc:
        pytest.fail(f"NocoDB no arrancó: {exc}", pytrace=False)


@pytest.fixture(autouse=True)
def _sin_avisos_a_mattermost(monkeypatch):
    """Replies and reactions to sellers belong to the Mattermost tests; here they are noise."""
    from sales import replies

    monkeypatch.setattr(replies, "reply", lambda **kwargs: None)
    monkeypatch.setattr(replies, "react", lambda **kwargs: None)


class Espejo:
    """What NocoDB holds, read through the API (the test's view of the grid)."""

    def tabla_id(self, tabla: str) -> str:
        return schema.current().id(tabla)

    def fk(self, hija: str, padre: str) -> str:
        return schema.current().fk(hija, padre)

    def filas(self, tabla: str) -> list[dict]:
        return list(client.list_rows(self.tabla_id(tabla)))

    def fila(self, tabla: str, local_id: int) -> dict:
        encontradas = list(
            client.list_rows(self.tabla_id(tabla), where=f"(local_id,eq,{local_id})")
        )
        assert len(encontradas) == 1, f"{tabla} {local_id}: {len(encontradas)} filas en NocoDB"
        return encontradas[0]

    def copias_por_local_id(self, tabla: str) -> Counter:
        return Counter(
            f["local_id"] for f in client.list_rows(self.tabla_id(tabla), fields=["Id", "local_id"])
        )

    def crear(self, tabla: str, datos: dict) -> int:
        """A row typed in the grid (the grid inserts one object at a time, like this)."""
        return client.request("POST", f"/api/v2/tables/{self.tabla_id(tabla)}/records", json=datos)[
            "Id"
        ]

    def editar(self, tabla: str, datos: dict) -> None:
        client.request("PATCH", f"/api/v2/tables/{self.tabla_id(tabla)}/records", json=datos)

    def borrar(self, tabla: str, nocodb_id: int) -> None:
        client.delete_rows(self.tabla_id(tabla), [nocodb_id])


@pytest.fixture
def nocodb(nocodb_servidor, settings, monkeypatch):
    """The mirror switched on, against a fresh, bootstrapped base of its own."""
    settings.NOCODB_URL = nocodb_servidor.url
    settings.NOCODB_API_TOKEN = nocodb_servidor.token
    settings.NOCODB_BASE = f"prueba_{uuid.uuid4().hex[:10]}"
    settings.NOCODB_WEBHOOK_TOKEN = WEBHOOK_TOKEN
    settings.NOCODB_REINTENTOS = (0, 0, 0)
    settings.VENTA_REQUIERE_COMPROBANTE = False
    monkeypatch.setattr(client, "ESPERAS_429", (0, 0, 0))
    schema.forget()
    schema.prepare()
    base_id = schema.current().base_id
    yield Espejo()
    settings.NOCODB_URL = nocodb_servidor.url
    settings.NOCODB_API_TOKEN = nocodb_servidor.token
    client.request("DELETE", f"/api/v2/meta/bases/{base_id}")
    schema.forget()


@pytest.fixture
def proxy(nocodb, nocodb_servidor, settings):
    """From here on salesbot reaches NocoDB through a proxy that fails on cue."""
    intermediario = Proxy(nocodb_servidor.url)
    settings.NOCODB_URL = intermediario.url
    yield intermediario
    intermediario.cerrar()


@pytest.fixture
def vender():
    """Make sales through the ledger's own service, as a seller's post would."""
    from tests.nocodb.ventas import vender as _vender

    return _vender


def dinero(texto: str) -> Decimal:
    return Decimal(texto)


def esperar(condicion, que: str, limite: float = 30.0):
    """Wait for something NocoDB does on its own (its webhooks are asynchronous)."""
    import time

    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        resultado = condicion()
        if resultado:
            return resultado
        time.sleep(0.1)
    pytest.fail(f"NocoDB no hizo esto en {limite:.0f} s: {que}")


@pytest.fixture
def webhooks(nocodb, live_server, settings, monkeypatch):
    """NocoDB's Meta webhook pointed at a live salesbot; returns what each call became."""
    from integrations.nocodb import inbound

    settings.SALESBOT_PUBLIC_URL = live_server.url.replace("localhost", "127.0.0.1")
    schema.prepare()
    recibidos: list[dict] = []
    recibir = inbound.receive

    def recibir_y_anotar(evento):
        resultado = recibir(evento)
        recibidos.append(resultado)
        return resultado

    monkeypatch.setattr(inbound, "receive", recibir_y_anotar)
    return recibidos
