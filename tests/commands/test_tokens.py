"""Each command has its own token; they are compared in constant time and a call without a
configured token is refused (fail closed), in Spanish and with nothing done."""

from urllib.parse import urlencode

import pytest

from sales.models import EventoEntrante
from tests.commands.conftest import NAMES

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "application/x-www-form-urlencoded"
REFUSED = ":no_entry: Este comando no está autorizado en salesbot"


def test_a_command_whose_token_is_not_configured_is_refused(commands, worker, settings):
    settings.MATTERMOST_COMMAND_TOKENS = [commands.registered["ventas"].token]
    assert commands.run("/venta @monto 1500 @cliente Juan @tubos 5").startswith(REFUSED)
    worker()
    assert not EventoEntrante.objects.exists()
    assert commands.run("/ventas").startswith("**Tus ventas")


def test_with_no_tokens_configured_every_call_is_refused(commands, settings):
    settings.MATTERMOST_COMMAND_TOKENS = []
    for name in NAMES:
        assert commands.run(f"/{name}").startswith(REFUSED)


def test_mattermost_sends_the_token_in_the_header_and_the_body(commands, mm):
    commands.run("/ventas")
    dispatch = mm.mm.command_dispatches()[-1]
    token = commands.registered["ventas"].token
    assert dispatch.request_headers["Authorization"] == f"Token {token}"
    assert dispatch.fields["token"] == token


def test_a_wrong_header_token_is_refused_even_with_a_good_body_token(client, settings):
    good = "g" * 26
    settings.MATTERMOST_COMMAND_TOKENS = [good]
    body = urlencode({"token": good, "command": "/ventas", "user_id": "u" * 26})
    refused = client.post("/mattermost/command", body, FORM, HTTP_AUTHORIZATION="Token " + "b" * 26)
    assert refused.json()["text"].startswith(REFUSED)
    accepted = client.post("/mattermost/command", body, FORM)
    assert accepted.json()["text"].startswith("**Tus ventas")


def test_a_command_set_to_get_works_the_same(commands, mm, settings):
    ventas = mm.add_command(commands.url, trigger="misventas", method="G")
    settings.MATTERMOST_COMMAND_TOKENS = [ventas.token]
    assert ":grey_question: No conozco el comando `/misventas`" in commands.run("/misventas")
