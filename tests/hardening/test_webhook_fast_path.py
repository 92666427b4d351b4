"""`POST /mattermost/webhook` answered before Django's middleware (salesbot/fastpath.py): the same
answers as the Django view, with the checks Django would have made (Host, body size), and the
post stored with its task in one statement."""

import json
from pathlib import Path

import pytest
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from sales import queue
from sales.models import EventoEntrante
from tests.helpers.wsgi import call_webhook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mattermost"
TOKEN = "zmigewsanbbsdf59xnmduzypjc"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.MATTERMOST_WEBHOOK_TOKENS = [TOKEN]
    settings.ALLOWED_HOSTS = ["salesbot.example.com"]


def call(body: bytes, **how):
    return call_webhook(body, host=how.pop("host", "salesbot.example.com"), **how)


def test_a_post_is_stored_with_the_task_django_tasks_would_write(worker):
    status, body = call((FIXTURES / "outgoing_webhook.form").read_bytes())
    assert (status, json.loads(body)) == (200, {})
    evento = EventoEntrante.objects.get()
    task = DBTaskResult.objects.get()
    assert task.task_path == queue.TASKS["process_post"]
    assert task.args_kwargs == {"args": [evento.id], "kwargs": {}}
    assert (task.status, task.queue_name, task.backend_name) == ("READY", "default", "default")
    worker()  # takes it like any other task
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", "retry")  # no Mattermost here


def test_the_event_row_has_the_defaults_the_model_gives():
    """The statement is built from the model's fields, not from a model instance: the columns
    the webhook does not set hold the model's defaults, choices as their plain values."""
    assert call((FIXTURES / "outgoing_webhook.form").read_bytes())[0] == 200
    evento = EventoEntrante.objects.get()
    fresh = EventoEntrante()
    for field in ("tipo", "resultado", "intentos", "procesado", "ultimo_error", "venta_id"):
        assert getattr(evento, field) == getattr(fresh, field), field
    assert (evento.tipo, evento.resultado, evento.fuente) == ("publicado", "pendiente", "webhook")
    assert evento.recibido == evento.proximo_intento
    assert evento.payload["message"] == "@monto 1500 @cliente Juan @tubos 5"


def test_the_task_row_is_the_one_task_enqueue_writes():
    """The statement writes the task's unchanging values as literals (sales/inserts.py): each
    must be what django-tasks itself stores for the same task, run_after's far date included."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the one statement is PostgreSQL's; elsewhere Task.enqueue writes the row")
    assert call((FIXTURES / "outgoing_webhook.form").read_bytes())[0] == 200
    evento, ours = EventoEntrante.objects.get(), DBTaskResult.objects.get()
    queue.enqueue("process_post", evento.id)
    theirs = DBTaskResult.objects.exclude(pk=ours.pk).get()
    skip = {"id", "enqueued_at"}
    fields = [f.attname for f in DBTaskResult._meta.concrete_fields if f.name not in skip]
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(theirs, f) for f in fields}
    assert ours.id.version == theirs.id.version == 4  # drawn by PostgreSQL, random as uuid4


def test_the_same_post_twice_is_one_event_and_one_task():
    body = (FIXTURES / "outgoing_webhook.form").read_bytes()
    assert call(body)[0] == call(body)[0] == 200
    assert (EventoEntrante.objects.count(), DBTaskResult.objects.count()) == (1, 1)


def test_a_host_django_would_refuse_is_refused():
    status, _ = call((FIXTURES / "outgoing_webhook.form").read_bytes(), host="evil.example.com")
    assert status == 400
    assert not EventoEntrante.objects.exists()


def test_a_body_far_larger_than_any_post_is_refused_unread():
    assert call(b"", length=50_000_000)[0] == 413


def test_a_wrong_token_is_a_403_and_stores_nothing():
    body = (FIXTURES / "outgoing_webhook_wrong_token.form").read_bytes()
    assert call(body)[0] == 403
    assert not EventoEntrante.objects.exists()


def test_other_methods_and_paths_go_to_django():
    assert call(b"", method="GET")[0] == 405


def test_the_statement_is_prepared_once_per_connection():
    """PostgreSQL plans the webhook's statement once per connection, not for every post: Django
    opens its connections with psycopg's preparing turned off, which `prepare=True` alone does
    not undo (it stayed unprepared, 130 µs of the statement's 500 here)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    body = (FIXTURES / "outgoing_webhook.form").read_bytes()
    for post_id in ("a" * 26, "b" * 26):
        status, _ = call(body.replace(b"post_id=", b"post_id=" + post_id.encode() + b"&x="))
        assert status == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'WITH new AS%%'"
        )
        assert cursor.fetchone()[0] == 1
    assert EventoEntrante.objects.count() == 2


def test_a_new_post_writes_one_index_keyed_by_its_id():
    """Each index on a random key (a post id) is written at a random page, and the first write
    to a page after a checkpoint copies the whole page to the WAL: the event table keeps one
    such index for new posts (the unique `clave`), not four (docs/benchmarks.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the LIKE indexes and the WAL are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sales_eventoentrante'"
        )
        indexes = dict(cursor.fetchall())
    keyed_by_post = {
        name
        for name, definition in indexes.items()
        if "(clave" in definition or "(post_id" in definition
    }
    assert keyed_by_post == {"evento_clave_unica", "evento_cambio_post_idx"}
    assert "WHERE" in indexes["evento_cambio_post_idx"]  # edits and deletes only


def test_a_posts_edits_are_found_by_index():
    from django.db import connection, transaction

    from sales.handlers.edits import _newer_edit_exists

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    evento = EventoEntrante.objects.create(
        clave="p:editado:2", post_id="p", tipo="editado", fuente="webhook", payload={"edit_at": 2}
    )
    # SET LOCAL: the planner's setting ends with the transaction, whatever happens in it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        with CaptureQueriesContext(connection) as queries:
            assert not _newer_edit_exists(evento)
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "evento_cambio_post_idx" in plan
