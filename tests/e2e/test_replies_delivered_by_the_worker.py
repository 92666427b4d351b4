"""A sale's reply and reaction are delivered by the worker that registered it, right after the
commit, with no task of their own; a web request still leaves them to a task. Whatever goes
wrong after the commit, they still go out exactly once."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sales import queue, replies
from sales.handlers import sweep
from sales.models import AvisoMattermost
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver, emojis
from tests.helpers.images import jpeg

pytestmark = pytest.mark.django_db(transaction=True)


def post_a_sale(mm):
    return deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )


def tasks_run() -> list[str]:
    # The seller is new: a task also looks up their name in Mattermost.
    rows = DBTaskResult.objects.exclude(task_path__in=queue.paths("fill_seller_name"))
    return sorted(rows.values_list("task_path", flat=True))


def test_the_worker_that_registers_a_sale_delivers_its_reply_and_reaction(mm, hook, worker):
    post = post_a_sale(mm)
    worker()
    assert tasks_run() == ["sales.tasks.process_post"]
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == ["white_check_mark"]
    assert set(AvisoMattermost.objects.values_list("estado", flat=True)) == {"enviado"}


def test_a_failure_after_the_commit_leaves_the_replies_to_a_task(mm, hook, worker, monkeypatch):
    post = post_a_sale(mm)
    real = replies.deliver_all
    calls = []

    def broken_once(ids):
        calls.append(ids)
        if len(calls) == 1:
            raise RuntimeError("a bug after the commit")
        return real(ids)

    monkeypatch.setattr(replies, "deliver_all", broken_once)
    worker()
    assert tasks_run() == ["sales.tasks.deliver_replies", "sales.tasks.process_post"]
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == ["white_check_mark"]
    assert calls[0] == calls[1]


def test_mattermost_failing_after_the_commit_retries_on_the_replies_schedule(mm, hook, worker):
    post = post_a_sale(mm)
    mm.mm.fail_next(1, method="POST", path="/api/v4/posts")
    worker()
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == ["white_check_mark"]
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    assert (aviso.estado, aviso.intentos) == ("enviado", 1)
    assert "sales.tasks.deliver_reply" in tasks_run()  # the retry, on its schedule


def test_a_worker_killed_right_after_the_commit_is_covered_by_the_sweep(
    mm, hook, worker, monkeypatch, settings
):
    post = post_a_sale(mm)
    # The worker dies between the commit and the delivery: nothing is sent, no task queued.
    monkeypatch.setattr(replies, "_deliver_after_commit", lambda ids: None)
    worker()
    assert bot_replies(mm, post) == []
    assert tasks_run() == ["sales.tasks.process_post"]
    monkeypatch.undo()
    later = timezone.now() - dt.timedelta(seconds=settings.BARRIDO_GRACIA + 1)
    AvisoMattermost.objects.update(proximo_intento=later)
    assert sweep.sweep()["avisos"] == 2
    worker()
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == ["white_check_mark"]


def test_outside_a_worker_the_replies_written_together_get_one_task():
    with transaction.atomic(), replies.together():
        replies.reply(
            venta=None,
            post_id="p" * 26,
            channel_id="c" * 26,
            root_id="p" * 26,
            clave="prueba:respuesta",
            mensaje="hola",
        )
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "sales.tasks.deliver_replies"


def test_a_sales_replies_are_taken_in_one_statement_and_a_held_one_is_left(
    mm, hook, worker, monkeypatch
):
    monkeypatch.setattr(replies, "_deliver_after_commit", lambda ids: None)
    post = post_a_sale(mm)
    worker()
    respuesta, reaccion = AvisoMattermost.objects.order_by("id")
    held_until = timezone.now() + dt.timedelta(minutes=1)
    AvisoMattermost.objects.filter(pk=reaccion.pk).update(reclamado_hasta=held_until)
    with CaptureQueriesContext(connection) as queries:
        outcomes = replies.deliver_all([respuesta.pk, reaccion.pk])
    assert outcomes == ["ok", "skipped"]
    claims = [q["sql"] for q in queries if "RETURNING" in q["sql"]]
    assert len(claims) == 1
    assert claims[0].startswith("UPDATE")
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == []
    reaccion.refresh_from_db()
    assert (reaccion.estado, reaccion.reclamado_hasta) == ("pendiente", held_until)
