"""POST /mattermost/webhook with the payloads Mattermost really sends (fixtures/mattermost)."""

import json
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from integrations.mattermost.models import IdentidadBot
from sales.models import EventoEntrante, Venta

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mattermost"
FORM = "application/x-www-form-urlencoded"
TOKEN = "zmigewsanbbsdf59xnmduzypjc"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _token(settings):
    settings.MATTERMOST_WEBHOOK_TOKENS = ["otrotokenotrotokenotrotoke", TOKEN]


def post_fixture(client, name, content_type=FORM):
    return client.post(
        "/mattermost/webhook", (FIXTURES / name).read_bytes(), content_type=content_type
    )


def test_a_form_encoded_post_is_stored_queued_and_acknowledged_with_empty_json(client):
    response = post_fixture(client, "outgoing_webhook.form")
    assert response.status_code == 200
    assert response.json() == {}
    evento = EventoEntrante.objects.get()
    assert evento.post_id == "axdygg1957njfe5pu38saikdho"
    assert evento.payload["file_ids"] == ["9k3e5h1q3jfrzgqytpwqkqpr6h"]
    assert evento.payload["create_at_ms"] == 1732500000000  # form timestamps are seconds
    assert evento.payload["root_id"] is None  # the webhook does not say
    assert DBTaskResult.objects.filter(task_path="sales.tasks.process_post").count() == 1


def test_a_json_post_keeps_its_millisecond_timestamp(client):
    response = post_fixture(client, "outgoing_webhook.json", "application/json")
    assert response.status_code == 200
    assert EventoEntrante.objects.get().payload["create_at_ms"] == 1732500000123


def test_the_view_does_not_parse_or_record_the_sale_itself(client):
    post_fixture(client, "outgoing_webhook.form")
    assert not Venta.objects.exists()
    assert EventoEntrante.objects.get().resultado == "pendiente"


def test_the_same_post_twice_is_one_event_and_one_task(client):
    post_fixture(client, "outgoing_webhook.form")
    post_fixture(client, "outgoing_webhook.json", "application/json")
    assert EventoEntrante.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_it_rejects_a_wrong_token_and_stores_nothing(client):
    response = post_fixture(client, "outgoing_webhook_wrong_token.form")
    assert response.status_code == 403
    assert not EventoEntrante.objects.exists()


def test_with_no_token_configured_every_call_is_refused(client, settings):
    settings.MATTERMOST_WEBHOOK_TOKENS = []
    assert post_fixture(client, "outgoing_webhook.form").status_code == 403
    assert not EventoEntrante.objects.exists()


def test_a_payload_without_post_id_is_a_400_naming_the_field(client):
    response = post_fixture(client, "outgoing_webhook_missing_post_id.form")
    assert response.status_code == 400
    assert "post_id" in response.json()["campos"]
    assert not EventoEntrante.objects.exists()


def test_the_bots_own_posts_are_ignored(client):
    IdentidadBot.objects.create(pk=1, user_id="rnina9994bde8mua79zqcg5hmo", username="salesbot")
    response = post_fixture(client, "outgoing_webhook.form")
    assert response.status_code == 200
    assert not EventoEntrante.objects.exists()


def test_the_path_has_no_trailing_slash(client):
    body = (FIXTURES / "outgoing_webhook.form").read_bytes()
    assert client.post("/mattermost/webhook/", body, content_type=FORM).status_code == 404


def test_malformed_json_is_a_400(client):
    # A truncated body that starts with a valid token: the token is right, the JSON is not.
    body = b'{"token": "' + TOKEN.encode() + b'", "post_id": "axdygg1957njfe5pu38saikdho", "te'
    response = client.post("/mattermost/webhook", body, content_type="application/json")
    assert response.status_code == 400
    # In Spanish, as every word a person reads: no English parser prefix.
    assert response.json()["detail"] == "El cuerpo no es JSON válido."
    assert not EventoEntrante.objects.exists()


def test_file_ids_must_be_mattermost_ids(client):
    data = json.loads((FIXTURES / "outgoing_webhook.json").read_text())
    data["file_ids"] = "abc,def"
    response = client.post("/mattermost/webhook", data, content_type="application/json")
    assert response.status_code == 400
