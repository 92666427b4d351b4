"""Every inbound endpoint, fuzzed (Hypothesis, bounded): whatever the body, the encoding or the
token, the answer is never a 5xx, and nothing is stored without a valid token."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from integrations.nocodb.models import ItemSync
from sales.models import Auditoria, EventoEntrante, Meta
from tests.helpers.wsgi import call_webhook

pytestmark = pytest.mark.django_db

WEBHOOK_TOKEN = "hooktokenhooktokenhooktoke"
COMMAND_TOKEN = "cmdtokencmdtokencmdtokenxx"
NOCODB_TOKEN = "nocodbtokennocodbtoken"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as JSON can carry it, lone surrogates (`"\\ud800"`) included: PostgreSQL refuses them.
texts = st.text() | st.text(st.characters(categories=["Cs", "Ll", "Nd"]), max_size=6)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)
# Every key the endpoints read, with anything as its value; plus anything else.
KEYS = ["token", "team_id", "team_domain", "channel_id", "channel_name", "timestamp",
        "user_id", "user_name", "post_id", "text", "trigger_word", "file_ids", "command",
        "type", "data", "rows", "previous_rows", "table_name"]  # fmt: skip
payloads = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), json_values, max_size=12)
DEEP = "[" * 5000 + "]" * 5000
CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]


@pytest.fixture(autouse=True)
def _tokens(settings):
    settings.MATTERMOST_WEBHOOK_TOKENS = [WEBHOOK_TOKEN]
    settings.MATTERMOST_COMMAND_TOKENS = [COMMAND_TOKEN]
    settings.NOCODB_WEBHOOK_TOKEN = NOCODB_TOKEN


def stored() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (EventoEntrante, ItemSync, Meta, Auditoria))


def body_of(data, content_type: str) -> bytes:
    """The bytes a client would send; a lone surrogate becomes the invalid UTF-8 it encodes to."""
    if content_type == "application/x-www-form-urlencoded" and isinstance(data, dict):
        data = urlencode({str(k): str(v) for k, v in data.items()}, errors="surrogatepass")
    elif not isinstance(data, str | bytes):
        data = json.dumps(data)
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


def call(method: str, path: str, body, content_type: str, **headers):
    client = Client(raise_request_exception=False)
    if method == "GET":
        return client.get(path, {"token": "x", "q": str(body)[:200]}, **headers)
    return client.post(path, body, content_type=content_type, **headers)


def call_wsgi(body: bytes, content_type: str):
    return call_webhook(body, content_type=content_type)


ENDPOINTS = [
    ("POST", "/mattermost/webhook", {}),
    ("POST", "/mattermost/command", {"HTTP_AUTHORIZATION": "Token wrong"}),
    ("GET", "/mattermost/command", {}),
    ("POST", "/nocodb/webhook", {"HTTP_X_SALESBOT_TOKEN": "wrong"}),
    # The review card's buttons and dialogs carry no token: a signature in the context or
    # the dialog's state, which nothing fuzzed here holds.
    ("POST", "/mattermost/accion", {}),
    ("POST", "/mattermost/dialogo", {}),
]


@pytest.mark.parametrize(("method", "path", "headers"), ENDPOINTS)
@FUZZ
@given(
    data=payloads | json_values | st.binary(max_size=300),
    content_type=st.sampled_from(CONTENT_TYPES),
)
@example(data=DEEP, content_type="application/json")
@example(data={"token": "\ud800", "text": "x"}, content_type="application/json")
@example(data=b"\xff\xfe{", content_type="application/json")
@example(data={"context": {"venta": "1\x00"}, "state": "1.\x00"}, content_type="application/json")
def test_without_a_valid_token_nothing_is_stored_and_nothing_breaks(
    method, path, headers, data, content_type
):
    before = stored()
    response = call(method, path, body_of(data, content_type), content_type, **headers)
    assert response.status_code < 500, response.content[:300]
    assert stored() == before


COMMAND_HEADER = {"HTTP_AUTHORIZATION": f"Token {COMMAND_TOKEN}"}
VALID = [
    ("/mattermost/webhook", "token", WEBHOOK_TOKEN, {}),
    ("/mattermost/command", "token", COMMAND_TOKEN, COMMAND_HEADER),
    ("/nocodb/webhook", "_", "", {"HTTP_X_SALESBOT_TOKEN": NOCODB_TOKEN}),
]


@pytest.mark.parametrize(("path", "key", "token", "headers"), VALID)
@FUZZ
@given(data=payloads, content_type=st.sampled_from(CONTENT_TYPES[:2]))
@example(data={"type": "records.after.update", "data": {"table_name": "Meta", "rows": [],
                                                        "previous_rows": "abc"}},
         content_type="application/json")  # fmt: skip
# A refusal quoting a lone surrogate back (the NocoDB webhook's `type`) failed to encode.
@example(data={"type": "\ud800"}, content_type="application/json")
@example(data={"type": "records.after.update", "data": {"table_name": "Meta", "rows": [[]],
                                                        "previous_rows": [1]}},
         content_type="application/json")  # fmt: skip
def test_with_a_valid_token_any_body_gets_an_answer_not_a_crash(
    path, key, token, headers, data, content_type
):
    data = {**data, key: token} if token else data
    response = call("POST", path, body_of(data, content_type), content_type, **headers)
    assert response.status_code < 500, response.content[:300]


# A post Mattermost could send, but for its text: the webhook stores it.
POST = {"token": WEBHOOK_TOKEN, "channel_id": "hawos4dqtby53pd64o4a4cmeoo",
        "user_id": "rnina9994bde8mua79zqcg5hmo", "post_id": "zmigewsanbbsdf59xnmduzypjc",
        "timestamp": 1732500000000, "user_name": "juan", "text": "@monto 1500"}  # fmt: skip


@pytest.mark.django_db(transaction=True)  # the fast path manages its connection as gunicorn's
@FUZZ
@given(
    data=payloads | json_values | st.binary(max_size=300),
    content_type=st.sampled_from(CONTENT_TYPES),
)
@example(data={**POST, "text": "Juan \ud800"}, content_type="application/json")
@example(
    data={**POST, "user_name": "\udfff", "channel_name": "x\ud800"}, content_type="application/json"
)
def test_the_webhook_as_gunicorn_serves_it_never_breaks(data, content_type):
    valid = isinstance(data, dict) and data.get("token") == WEBHOOK_TOKEN
    before = stored()
    status, content = call_wsgi(body_of(data, content_type), content_type)
    assert status < 500, content[:300]
    if not valid:
        assert stored() == before


@pytest.mark.django_db(transaction=True)
@FUZZ
@given(text=texts, user_name=texts, content_type=st.sampled_from(CONTENT_TYPES[:2]))
@example(text="\ud800\udc00", user_name="", content_type="application/json")
def test_any_text_in_a_valid_post_is_stored_or_refused_never_a_crash(text, user_name, content_type):
    EventoEntrante.objects.filter(post_id=POST["post_id"]).delete()  # each example posts anew
    data = {**POST, "text": text, "user_name": user_name[:64]}
    if content_type != "application/json":
        data["timestamp"] = 1732500000
    status, content = call_wsgi(body_of(data, content_type), content_type)
    assert status in (200, 400), content[:300]
    evento = EventoEntrante.objects.filter(post_id=POST["post_id"]).first()
    assert (status == 200) == (evento is not None)
    if evento and content_type == "application/json":
        # As written, but for NUL (taken out) and lone surrogates (U+FFFD). A form's bytes that
        # are not UTF-8 are decoded with U+FFFD already, one or more per character. In JSON a
        # high and a low surrogate written in turn (`"\\ud800\\udc00"`) are one character.
        escrito = json.loads(json.dumps(text))
        esperado = "".join(
            "\ufffd" if "\ud800" <= c <= "\udfff" else c for c in escrito if c != "\x00"
        )
        assert evento.payload["message"] == esperado


@pytest.mark.django_db(transaction=True)
def test_a_lone_surrogate_is_stored_as_the_replacement_character_the_rest_as_written():
    data = {**POST, "text": "@monto 1500 @cliente Juan\ud800\x00 Pérez"}
    status, _ = call_wsgi(body_of(data, "application/json"), "application/json")
    assert status == 200
    evento = EventoEntrante.objects.get(post_id=POST["post_id"])
    assert evento.payload["message"] == "@monto 1500 @cliente Juan\ufffd Pérez"
