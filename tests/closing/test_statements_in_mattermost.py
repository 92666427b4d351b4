"""When a month closes, each seller gets their statement by direct message, with the statement
as a PNG uploaded through Mattermost's file API; through the stand-in over real sockets."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from sales import queue
from sales.closing.statements import close_month
from sales.handlers import closing
from sales.models import AvisoMattermost
from sales.services import ledger
from tests.closing.conftest import OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def juan(mm):
    """The stand-in's seller, with two October sales and a goal."""
    crear_plan(vigente_desde=SEPTIEMBRE)
    juan = VendedorFactory(mm_user_id=mm.seller.id, username="juan.vendedor", nombre="Juan")
    MetaFactory(vendedor=juan, mes=OCTUBRE, monto=Decimal("5000.00"), tubos=10)
    for dia, cliente in ((3, "Ferretería López"), (9, "Tlapalería Sol")):
        VentaFactory(vendedor=juan, fecha=en(OCTUBRE, dia), cliente=cliente, tubos=5)
    return juan


def statement_posts(mm):
    return [p for p in mm.mm.posts(mm.seller_dm) if p.user_id == mm.bot.id]


def test_the_close_sends_each_seller_a_summary_and_the_statement_as_a_png(mm, juan, worker):
    close_month(mes=OCTUBRE, actor="gerente")
    worker()

    [post] = statement_posts(mm)
    assert "Tu estado de cuenta de octubre 2026" in post.message
    assert "| **Total a pagar** | **$40.00** |" in post.message
    assert (
        "| Meta del mes | $5,000.00 (60 %) · 10 tubos |" in post.message
    )  # the goal and its attainment
    assert "Mes cerrado por gerente" in post.message
    [file_id] = post.file_ids
    archivo = mm.mm.file_info(file_id)
    assert (archivo.mime_type, archivo.post_id, archivo.user_id) == (
        "image/png",
        post.id,
        mm.bot.id,
    )
    imagen = Image.open(io.BytesIO(archivo.content))
    assert imagen.format == "PNG"
    assert imagen.width == 900
    assert imagen.height > 400


def test_the_statements_go_out_once_whatever_runs_again(mm, juan, worker):
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    worker()
    assert closing.send_statements(cierre.pk) == 0
    later = timezone.now() + dt.timedelta(minutes=5)
    assert closing.send_missing_statements(later) == 0
    worker()
    assert len(statement_posts(mm)) == 1


def test_a_close_whose_task_was_lost_is_sent_by_the_sweep(mm, juan, worker):
    close_month(mes=OCTUBRE, actor="gerente")
    DBTaskResult.objects.filter(task_path__in=queue.paths("send_statements")).delete()
    assert closing.send_missing_statements(timezone.now() + dt.timedelta(minutes=1)) == 1
    worker()
    assert len(statement_posts(mm)) == 1


def test_mattermost_down_at_the_close_delivers_the_statement_when_it_is_back(mm, juan, worker):
    mm.mm.fail_next(3, method="POST", path="/api/v4/files", status=503)
    close_month(mes=OCTUBRE, actor="gerente")
    worker()  # the schedule (0, 0, 0) in tests: the fourth attempt gets through
    [post] = statement_posts(mm)
    assert len(post.file_ids) == 1
    aviso = AvisoMattermost.objects.get(clave__startswith="estado_de_cuenta:")
    assert aviso.estado == AvisoMattermost.EstadoEnvio.ENVIADO


def test_a_sale_voided_after_the_close_leaves_the_sent_statement_alone(mm, juan, worker):
    close_month(mes=OCTUBRE, actor="gerente")
    worker()
    ledger.void_sale(venta=juan.ventas.first(), actor="@juan.vendedor")
    worker()
    [post] = statement_posts(mm)
    assert "**$40.00**" in post.message
