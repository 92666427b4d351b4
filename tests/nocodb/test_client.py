"""The one request chokepoint: both error shapes become one error that says whether a retry can
help, 429 is answered by waiting, decimals travel as strings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integrations.nocodb import client
from integrations.nocodb.client import NocoDBError
from integrations.nocodb.tables import DECIMAL, to_nocodb
from tests.nocodb.servidor import puerto_libre

pytestmark = pytest.mark.nocodb


def error_de(llamada) -> NocoDBError:
    with pytest.raises(NocoDBError) as info:
        llamada()
    return info.value


def test_an_error_message_body_becomes_a_permanent_error(nocodb):
    exc = error_de(
        lambda: client.request("GET", f"/api/v2/tables/{nocodb.tabla_id('Venta')}/records/999999")
    )
    assert (exc.status, exc.code, exc.permanent, exc.ambiguous) == (
        404,
        "ERR_RECORD_NOT_FOUND",
        True,
        False,
    )
    assert exc.not_found


def test_a_msg_body_becomes_a_permanent_error_too(nocodb):
    exc = error_de(lambda: list(client.list_rows(nocodb.tabla_id("Venta"), where="(nada,eq,1)")))
    assert exc.status == 422
    assert exc.permanent
    assert "nada" in str(exc)


def test_a_wrong_token_is_permanent(nocodb, settings):
    settings.NOCODB_API_TOKEN = "no-es-el-token"
    exc = error_de(lambda: client.request("GET", "/api/v2/meta/bases"))
    assert (exc.status, exc.permanent) == (401, True)


def test_nocodb_unreachable_is_worth_retrying_and_nothing_was_written(settings, db):
    settings.NOCODB_URL = f"http://127.0.0.1:{puerto_libre()}"
    settings.NOCODB_API_TOKEN = "x"
    exc = error_de(lambda: client.request("POST", "/api/v2/tables/m1/records", json=[]))
    assert not exc.permanent
    assert not exc.ambiguous


def test_a_write_whose_answer_is_lost_is_ambiguous(nocodb, proxy):
    proxy.escribir_y_cortar()
    exc = error_de(
        lambda: client.create_rows(
            nocodb.tabla_id("Vendedor"), [{"local_id": 1, "username": "ana"}]
        )
    )
    assert not exc.permanent
    assert exc.ambiguous
    assert nocodb.copias_por_local_id("Vendedor") == {1: 1}  # it was written after all


def test_a_429_is_answered_by_waiting_and_trying_again(nocodb, proxy, monkeypatch):
    esperas = []
    monkeypatch.setattr(client, "ESPERAS_429", (1, 2, 4))
    monkeypatch.setattr(client.time, "sleep", esperas.append)
    proxy.limitar(2)

    assert client.request("GET", "/api/v2/meta/bases")["list"]
    assert esperas == [1, 2]


def test_too_many_429s_become_a_retryable_error(nocodb, proxy, monkeypatch):
    monkeypatch.setattr(client.time, "sleep", lambda s: None)
    proxy.limitar(10)
    exc = error_de(lambda: client.request("GET", "/api/v2/meta/bases"))
    assert (exc.status, exc.permanent) == (429, False)


def test_more_than_100_rows_are_refused_before_sending(nocodb):
    with pytest.raises(ValueError, match="100"):
        client.create_rows(nocodb.tabla_id("Vendedor"), [{}] * 101)


def test_decimals_go_as_strings_and_come_back_exact(nocodb):
    assert to_nocodb(DECIMAL, Decimal("21.50")) == "21.50"
    tabla = nocodb.tabla_id("Detalle")
    [nocodb_id] = client.create_rows(
        tabla, [{"local_id": 5, "importe": "0.30", "cantidad": "10.10"}]
    )
    fila = client.request("GET", f"/api/v2/tables/{tabla}/records/{nocodb_id}")
    assert client.to_decimal(fila["importe"]) == Decimal("0.30")
    assert client.to_decimal(fila["cantidad"]) == Decimal("10.10")
