"""Work whose task was lost (a worker killed mid-task) is queued again by the sweep."""

import datetime as dt
import threading

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.mattermost.types import Post
from sales import inbox
from sales.handlers import sweep
from sales.models import EventoEntrante, Trabajador, Venta
from tests.factories import mm_id
from tests.helpers.worker import keep_test_connection

pytestmark = pytest.mark.django_db


def lost_event():
    post = Post(
        id=mm_id(1),
        channel_id=mm_id(2),
        user_id=mm_id(3),
        user_name="ana",
        message="@monto 10 @cliente Eva @tubos 1",
        create_at=1732500000000,
    )
    assert inbox.receive_post(post, "webhook")
    evento = EventoEntrante.objects.get(clave=post.id)
    # The worker took the task and died: the task row stays "running", the event pending.
    DBTaskResult.objects.update(status="RUNNING")
    EventoEntrante.objects.filter(id=evento.id).update(
        proximo_intento=timezone.now() - dt.timedelta(hours=1)
    )
    return evento


def test_a_pending_event_past_its_due_time_is_queued_again_and_processed(worker):
    lost_event()
    assert worker() == 0
    assert sweep.sweep() == {"eventos": 1, "avisos": 0}
    worker()
    assert Venta.objects.count() == 1


def test_recent_pending_work_is_left_alone():
    post = Post(
        id=mm_id(9),
        channel_id=mm_id(2),
        user_id=mm_id(3),
        user_name="ana",
        message="hola",
        create_at=1732500000000,
    )
    inbox.receive_post(post, "webhook")
    assert sweep.sweep() == {"eventos": 0, "avisos": 0}


def test_one_future_sweep_stays_scheduled_however_often_it_is_asked():
    sweep.schedule_next()
    sweep.schedule_next()
    assert DBTaskResult.objects.filter(task_path="sales.tasks.sweep", status="READY").count() == 1
    assert DBTaskResult.objects.get().run_after > timezone.now()


# Committed for real: the worker's heartbeat thread uses a connection of its own, which would
# wait on (SQLite) or not see (PostgreSQL) a test transaction's rows.
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_sweeps_before_working(worker):
    from django.core.management import call_command

    lost_event()
    with keep_test_connection():
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload")
    assert Venta.objects.count() == 1
    # The heartbeat thread said goodbye and ended before the command returned: it used to
    # outlive it and touch the database after the test.
    assert not [t for t in threading.enumerate() if t.name == "latido"]
    assert not Trabajador.objects.exists()
