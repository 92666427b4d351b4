"""What Mattermost can never send is refused at the door with a 400 and nothing stored, instead
of an event that could never be processed: ids that are not 26 lowercase letters and digits,
timestamps outside any sane window (a form timestamp in milliseconds, a JSON one of 1e17),
names and texts over Mattermost's own limits."""

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sales.models import EventoEntrante

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mattermost"
TOKEN = "zmigewsanbbsdf59xnmduzypjc"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _token(settings):
    settings.MATTERMOST_WEBHOOK_TOKENS = [TOKEN]


def payload(**changes) -> dict:
    data = json.loads((FIXTURES / "outgoing_webhook.json").read_text())
    return {**data, **changes}


def send_json(client, data):
    return client.post("/mattermost/webhook", json.dumps(data), content_type="application/json")


def send_form(client, data):
    body = urlencode(data)
    return client.post(
        "/mattermost/webhook", body, content_type="application/x-www-form-urlencoded"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"timestamp": 10**17},
        {"timestamp": 0},
        {"user_name": "u" * 65},
        {"channel_name": "c" * 65},
        {"text": "x" * 16_384},
        {"post_id": "AXDYGG1957NJFE5PU38SAIKDHO"},
        {"user_id": "rnina9994bde8mua79zqcg5h-o"},
        {"file_ids": ",".join(["9k3e5h1q3jfrzgqytpwqkqpr6h"] * 11)},
    ],
    ids=lambda c: next(iter(c)),
)
def test_json_that_mattermost_never_sends_is_a_400_and_nothing_is_stored(client, changes):
    response = send_json(client, payload(**changes))
    assert response.status_code == 400
    assert not EventoEntrante.objects.exists()


def test_a_form_timestamp_in_milliseconds_is_refused(client):
    data = payload()  # its timestamp is in milliseconds, as JSON has it
    response = send_form(client, data)
    assert response.status_code == 400
    assert "timestamp" in response.json()["campos"]
    assert not EventoEntrante.objects.exists()


def test_the_limits_themselves_are_accepted(client):
    data = payload(user_name="u" * 64, text="x" * 16_383)
    assert send_json(client, data).status_code == 200
    assert EventoEntrante.objects.count() == 1


@pytest.mark.parametrize("send", [send_json, send_form], ids=["json", "form"])
def test_a_nul_in_a_text_is_taken_out_and_the_post_kept(client, send):
    """PostgreSQL refuses a NUL in text and in `jsonb`: stored as it came, the post was a 500
    (on PostgreSQL) and never a sale."""
    data = payload(text="@monto 1500 @cliente Ju\x00an @tubos 5", user_name="ana\x00")
    if send is send_form:
        data["timestamp"] = data["timestamp"] // 1000  # a form's is in seconds
    assert send(client, data).status_code == 200
    evento = EventoEntrante.objects.get()
    assert evento.payload["message"] == "@monto 1500 @cliente Juan @tubos 5"
    assert evento.payload["user_name"] == "ana"
