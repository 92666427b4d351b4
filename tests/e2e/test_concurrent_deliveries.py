"""The same post delivered at once by several callers is one event and one sale (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection
from django_tasks_db.models import DBTaskResult

from integrations.mattermost.types import Post
from sales import inbox
from sales.handlers import posts
from sales.models import AvisoMattermost, EventoEntrante, Venta

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mattermost" / "outgoing_webhook.form"


def test_ten_simultaneous_webhook_deliveries_of_one_post_store_one_event(live_server, settings):
    settings.MATTERMOST_WEBHOOK_TOKENS = ["zmigewsanbbsdf59xnmduzypjc"]
    body = FIXTURE.read_bytes()
    barrier = threading.Barrier(10)

    def deliver(_):
        barrier.wait()
        return requests.post(
            f"{live_server.url}/mattermost/webhook",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(deliver, range(10)))
    assert statuses == [200] * 10
    assert EventoEntrante.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path="sales.tasks.process_post").count() == 1


def test_two_workers_on_the_same_event_record_one_sale_and_one_reply(settings):
    post = Post(
        id="axdygg1957njfe5pu38saikdho",
        channel_id="hawos4dqtby53pd64o4a4cmeoo",
        user_id="rnina9994bde8mua79zqcg5hmo",
        user_name="juan.vendedor",
        message="@monto 1500 @cliente Juan @tubos 5",
        create_at=1732500000123,
    )
    assert inbox.receive_post(post, "webhook")
    evento = EventoEntrante.objects.get(clave=post.id)
    barrier = threading.Barrier(4)

    def process(_):
        barrier.wait()
        try:
            return posts.process_post(evento.id)
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        results = sorted(pool.map(process, range(4)))
    assert results.count("sale") == 1
    assert Venta.objects.count() == 1
    assert AvisoMattermost.objects.filter(tipo="respuesta").count() == 1
