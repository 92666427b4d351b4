"""Every inbound endpoint, fuzzed (Hypothesis, bounded): whatever the body, the encoding or the
token, the answer is never a 5xx, and nothing is stored without a valid token."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from integrations.nocodb.models import ItemSync
from sales.models import Auditoria, EventoEntrante, Meta

pytestmark = pytest.mark.django_db

WEBHOOK_TOKEN = "hooktokenhooktokenhooktoke"
COMMAND_TOKEN = "cmdtokencmdtokencmdtokenxx"
NOCODB_TOKEN = "nocodbtokennocodbtoken"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
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


def body_of(data, content_type: str) -> bytes | str:
    if content_type == "application/x-www-form-urlencoded" and isinstance(data, dict):
        from urllib.parse import urlencode

        return urlencode({str(k): str(v) for k, v in data.items()}, errors="surrogatepass")
    return data if isinstance(data, str | bytes) else json.dumps(data)


def call(method: str, path: str, body, content_type: str, **headers):
    client = Client(raise_request_exception=False)
    if method == "GET":
        return client.get(path, {"token": "x", "q": str(body)[:200]}, **headers)
    return client.post(path, body, content_type=content_type, **headers)


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
@example(data={"type": "records.after.update", "data": {"table_name": "Meta", "rows": [[]],
                                                        "previous_rows": [1]}},
         content_type="application/json")  # fmt: skip
def test_with_a_valid_token_any_body_gets_an_answer_not_a_crash(
    path, key, token, headers, data, content_type
):
    data = {**data, key: token} if token else data
    response = call("POST", path, body_of(data, content_type), content_type, **headers)
    assert response.status_code < 500, response.content[:300]
