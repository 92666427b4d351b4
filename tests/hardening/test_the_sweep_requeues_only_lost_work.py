"""The sweep re-queues work whose task is gone or whose worker died, never work that only waits
in a long queue; it fails the tasks a dead worker left RUNNING, and removes the folders a killed
OCR left behind."""

import datetime as dt
import os
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.mattermost.types import Post
from sales import inbox, queue, workers
from sales.handlers import sweep
from sales.models import EventoEntrante, Trabajador, Venta
from tests.factories import mm_id

pytestmark = pytest.mark.django_db


def receive(n: int) -> EventoEntrante:
    post = Post(
        id=mm_id(n),
        channel_id=mm_id(900),
        user_id=mm_id(901),
        user_name="ana",
        message="@monto 10 @cliente Eva @tubos 1",
        create_at=1732500000000,
    )
    assert inbox.receive_post(post, "webhook")
    evento = EventoEntrante.objects.get(clave=post.id)
    return evento


def overdue():
    EventoEntrante.objects.update(proximo_intento=timezone.now() - dt.timedelta(hours=1))


def process_post_tasks():
    return DBTaskResult.objects.filter(task_path=queue.TASKS["process_post"])


def test_a_backlog_that_only_waits_is_not_queued_twice():
    for n in range(50):
        receive(n)
    overdue()  # a long queue: every event is past its time, and every task still waits
    assert sweep.sweep()["eventos"] == 0
    assert process_post_tasks().count() == 50


def test_a_run_on_a_dead_worker_is_failed_and_its_work_queued_again(worker):
    evento = receive(1)
    process_post_tasks().update(status="RUNNING", worker_ids=["killed-worker"])
    overdue()
    assert sweep.sweep()["eventos"] == 1
    dead = process_post_tasks().get(status="FAILED")
    assert "worker" in dead.traceback
    worker()
    evento.refresh_from_db()
    assert evento.resultado == EventoEntrante.Resultado.VENTA
    assert Venta.objects.count() == 1


def test_a_run_on_a_live_worker_is_left_alone():
    receive(1)
    workers.beat("busy-worker")
    process_post_tasks().update(status="RUNNING", worker_ids=["busy-worker"])
    overdue()
    assert sweep.sweep()["eventos"] == 0
    assert process_post_tasks().get().status == "RUNNING"


def test_a_worker_unseen_for_the_lease_is_dead():
    Trabajador.objects.create(
        worker_id="gone", visto=timezone.now() - workers.LEASE - dt.timedelta(seconds=1)
    )
    workers.beat("here")
    assert workers.alive_ids() == {"here"}


def test_a_killed_run_comes_back_within_a_minute(settings):
    # Declared dead after the lease, found by the next sweep.
    assert workers.LEASE.total_seconds() + settings.BARRIDO_CADA <= 60


def test_ocr_folders_left_by_a_killed_worker_are_removed(tmp_path):
    old, recent = tmp_path / "salesbot-ocr-old", tmp_path / "salesbot-ocr-new"
    old.mkdir()
    recent.mkdir()
    an_hour_ago = time.time() - sweep.OCR_FOLDER_AGE - 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    sweep._remove_ocr_leftovers([old, recent])
    assert not old.exists()
    assert recent.exists()
