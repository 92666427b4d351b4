"""`nocodb_bootstrap` creates the base, or checks and completes it; twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from integrations.nocodb import client, schema

pytestmark = pytest.mark.nocodb


def bootstrap() -> str:
    salida = io.StringIO()
    call_command("nocodb_bootstrap", stdout=salida, stderr=io.StringIO())
    return salida.getvalue()


def columnas(tabla_id: str) -> dict[str, dict]:
    return {
        c["title"]: c for c in client.request("GET", f"/api/v2/meta/tables/{tabla_id}")["columns"]
    }


def test_a_fresh_base_gets_four_tables_their_links_and_the_meta_webhook(nocodb, settings):
    settings.NOCODB_BASE = "salesbot_nueva"
    salida = bootstrap()
    try:
        for tabla in ("Vendedor", "Venta", "Detalle", "Meta"):
            assert f"creado: tabla {tabla}" in salida
        assert "creado: enlace Vendedor → Venta (ventas)" in salida
        assert "creado: enlace Venta → Detalle (detalles)" in salida
        assert "creado: enlace Vendedor → Meta (metas)" in salida
        assert f"webhook de Meta → {settings.SALESBOT_PUBLIC_URL}/nocodb/webhook" in salida
        venta = columnas(nocodb.tabla_id("Venta"))
        assert venta["monto"]["uidt"] == "Decimal"
        assert venta["fecha"]["uidt"] == "DateTime"
        assert venta["local_id"]["unique"]
        assert nocodb.fk("Detalle", "Venta") == "Venta_id"
    finally:
        client.request("DELETE", f"/api/v2/meta/bases/{schema.current().base_id}")
        schema.forget()


def test_running_it_twice_changes_nothing(nocodb):
    antes = {t: columnas(nocodb.tabla_id(t)) for t in ("Vendedor", "Venta", "Detalle", "Meta")}
    hooks = client.request("GET", f"/api/v2/meta/tables/{nocodb.tabla_id('Meta')}/hooks")

    assert "ya estaba completa: no se creó nada" in bootstrap()

    despues = {t: columnas(nocodb.tabla_id(t)) for t in antes}
    assert {t: set(c) for t, c in despues.items()} == {t: set(c) for t, c in antes.items()}
    assert client.request("GET", f"/api/v2/meta/tables/{nocodb.tabla_id('Meta')}/hooks") == hooks


def test_a_missing_column_is_added_back(nocodb):
    tubos = columnas(nocodb.tabla_id("Venta"))["tubos"]
    client.request("DELETE", f"/api/v2/meta/columns/{tubos['id']}")

    assert "creado: columna Venta.tubos" in bootstrap()
    assert columnas(nocodb.tabla_id("Venta"))["tubos"]["uidt"] == "Number"


def test_a_webhook_pointing_elsewhere_is_corrected(nocodb, settings):
    settings.SALESBOT_PUBLIC_URL = "http://127.0.0.1:9"

    assert "webhook de Meta actualizado → http://127.0.0.1:9/nocodb/webhook" in bootstrap()
    assert "no se creó nada" in bootstrap()
