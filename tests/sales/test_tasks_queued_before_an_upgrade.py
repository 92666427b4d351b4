"""Tasks queued under their earlier (Spanish) paths still run after the upgrade that renamed them:
django-tasks-db stores a task's dotted path in its row and imports it when the row runs."""

import pytest
from django_tasks_db.models import DBTaskResult

from integrations.mattermost.types import Post
from sales import inbox, queue
from sales.models import EventoEntrante, Venta
from tests.factories import mm_id

pytestmark = pytest.mark.django_db

# Every path an earlier version may have left queued, and the task that now does that work.
OLD_PATHS = {
    "sales.tasks.procesar_evento": "process_post",
    "sales.tasks.procesar_edicion": "process_edit",
    "sales.tasks.procesar_borrado": "process_delete",
    "sales.tasks.procesar_comando": "process_command",
    "sales.tasks.entregar_aviso": "deliver_reply",
    "sales.tasks.completar_nombre": "fill_seller_name",
    "sales.tasks.barrer": "sweep",
    "integrations.nocodb.tasks.empujar_nocodb": "push_nocodb",
}


@pytest.mark.parametrize(("old_path", "name"), sorted(OLD_PATHS.items()))
def test_an_old_task_path_names_the_task_that_does_that_work_now(old_path, name):
    row = DBTaskResult(task_path=old_path, backend_name="default")
    assert row.task.func is queue.task(name).func


def test_a_post_queued_under_the_old_path_is_processed_by_the_worker(worker):
    post = Post(
        id=mm_id(1),
        channel_id=mm_id(2),
        user_id=mm_id(3),
        user_name="ana",
        message="@monto 10 @cliente Eva @tubos 1",
        create_at=1732500000000,
    )
    inbox.receive_post(post, "webhook")
    # As an earlier version would have stored it.
    DBTaskResult.objects.filter(task_path=queue.TASKS["process_post"]).update(
        task_path="sales.tasks.procesar_evento"
    )
    worker()
    assert DBTaskResult.objects.get(task_path="sales.tasks.procesar_evento").status == "SUCCESSFUL"
    assert EventoEntrante.objects.get().resultado == EventoEntrante.Resultado.VENTA
    assert Venta.objects.count() == 1
