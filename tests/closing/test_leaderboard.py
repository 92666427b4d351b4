"""The daily leaderboard: posted in RANKING_CANAL once a day from RANKING_HORA on, with the chart
as a PNG, exactly once even with several workers or after a restart that spans the hour; a
seller who opted out is shown by position. Through the stand-in over real sockets."""

import datetime as dt
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from PIL import Image

from sales.closing.models import PublicacionRanking
from sales.handlers import closing
from sales.handlers import sweep as sweeping
from sales.models import AvisoMattermost, Estado
from sales.reports import answers
from tests.closing.conftest import NOVIEMBRE, en
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db(transaction=True)

DIA = dt.date(2026, 11, 20)


def a_las(hora: int, minuto: int = 0, dia: dt.date = DIA) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dia, dt.time(hora, minuto)))


@pytest.fixture
def equipo(mm, settings):
    """Ana leads November past her goal, Beto (who opted out) is second, Carla sold nothing."""
    settings.RANKING_CANAL = mm.ventas.id
    settings.RANKING_HORA = dt.time(19, 0)
    ana = VendedorFactory(username="ana", nombre="Ana López")
    beto = VendedorFactory(username="beto", nombre="Beto Ruiz", oculto_en_ranking=True)
    VendedorFactory(username="carla", nombre="Carla Díaz")
    MetaFactory(vendedor=ana, mes=NOVIEMBRE, monto=Decimal("2000.00"), tubos=5)
    VentaFactory(vendedor=ana, fecha=en(NOVIEMBRE, 3), monto=Decimal("2500.00"), tubos=8)
    VentaFactory(vendedor=beto, fecha=en(NOVIEMBRE, 4), monto=Decimal("900.00"), tubos=2)
    VentaFactory(vendedor=beto, fecha=en(NOVIEMBRE, 5), estado=Estado.RECHAZADA)
    return ana, beto


def leaderboard_posts(mm):
    return [p for p in mm.mm.posts(mm.ventas) if p.user_id == mm.bot.id]


def test_at_the_hour_the_ranking_is_posted_with_its_chart(mm, equipo, worker):
    assert closing.post_leaderboard_if_due(a_las(18, 59)) == 0
    assert closing.post_leaderboard_if_due(a_las(19, 0)) == 1
    worker()

    [post] = leaderboard_posts(mm)
    assert post.message.startswith("**Ranking de noviembre 2026 · al 20 de noviembre**")
    assert "| 1 | Ana López | $2,500.00 | 8 | :trophy: 125 % de $2,000.00 |" in post.message
    assert "| 2 | Vendedor 2 | $900.00 | 2 | sin meta |" in post.message
    assert "Beto" not in post.message
    assert "Carla" not in post.message
    [file_id] = post.file_ids
    imagen = Image.open(io.BytesIO(mm.mm.file_info(file_id).content))
    assert imagen.format == "PNG"
    assert imagen.width > 900


def test_once_a_day_however_often_the_sweep_looks(mm, equipo, worker):
    for minuto in (0, 1, 30):
        closing.post_leaderboard_if_due(a_las(19, minuto))
    closing.post_leaderboard_if_due(a_las(23, 59))
    worker()
    assert len(leaderboard_posts(mm)) == 1
    assert PublicacionRanking.objects.get().fecha == DIA


def test_a_restart_that_spans_the_hour_posts_late_once_and_the_next_day_again(mm, equipo, worker):
    # The workers were down from 18:00 to 21:40: the first sweep after the restart posts.
    assert closing.post_leaderboard_if_due(a_las(21, 40)) == 1
    assert closing.post_leaderboard_if_due(a_las(21, 41)) == 0
    siguiente = DIA + dt.timedelta(days=1)
    assert closing.post_leaderboard_if_due(a_las(9, 0, siguiente)) == 0
    assert closing.post_leaderboard_if_due(a_las(19, 5, siguiente)) == 1
    worker()
    assert len(leaderboard_posts(mm)) == 2
    assert sorted(PublicacionRanking.objects.values_list("fecha", flat=True)) == [DIA, siguiente]


@pytest.mark.postgres
def test_two_workers_at_the_hour_post_once(mm, equipo, worker):
    barrera = threading.Barrier(4)

    def sweep_at_the_hour():
        try:
            barrera.wait()
            return closing.post_leaderboard_if_due(a_las(19, 0))
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        resultados = list(pool.map(lambda _: sweep_at_the_hour(), range(4)))
    assert sorted(resultados) == [0, 0, 0, 1]
    worker()
    assert AvisoMattermost.objects.filter(clave__startswith="ranking:").count() == 1
    assert len(leaderboard_posts(mm)) == 1


def test_the_sweep_posts_it(mm, equipo, settings, worker):
    settings.RANKING_HORA = dt.time(0, 0)  # due all day: today is past the hour
    assert sweeping.sweep()["ranking"] == 1
    assert "ranking" not in sweeping.sweep()
    worker()
    assert len(leaderboard_posts(mm)) == 1


def test_without_a_channel_nothing_is_posted(mm, equipo, settings, worker):
    settings.RANKING_CANAL = ""
    assert closing.post_leaderboard_if_due(a_las(20)) == 0
    assert not PublicacionRanking.objects.exists()


def test_the_ranking_command_also_hides_who_opted_out_except_to_themselves(equipo):
    ana, beto = equipo
    a_ana = answers.ranking(ana.mm_user_id, NOVIEMBRE)
    assert "| 2 | Vendedor 2 | $900.00 | 2 | 1 |" in a_ana
    assert "beto" not in a_ana
    assert "| 2 | **@\u200bbeto (tú)** |" in answers.ranking(beto.mm_user_id, NOVIEMBRE)
