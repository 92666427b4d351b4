"""A seller posts in the stand-in Mattermost → its outgoing webhook calls the live salesbot →
the worker runs → the thread holds the reply and the post the reaction; the ledger the sale."""

import datetime as dt
import logging
import time

import pytest
from django.db import transaction
from django.utils import timezone

from integrations.mattermost import client as mattermost_client
from sales import replies
from sales.models import AvisoMattermost, Estado, EventoEntrante, Motivo, Venta
from tests.helpers.images import jpeg

pytestmark = pytest.mark.django_db(transaction=True)


def deliver(mm, channel, message, files=(), client=None, **kwargs):
    """Post as the seller and wait until every webhook delivery to salesbot finished.

    All of them, not only this post's: with SQLite's in-memory test database, the live server
    thread still writing would lock the tables the worker uses.
    """
    post = (client or mm.seller_client).post(channel, message, files=files, **kwargs)
    if channel.type == "O":
        mm.mm.wait_for(
            lambda: (
                any(d.post_id == post["id"] for d in mm.mm.webhook_deliveries())
                and len(mm.mm.webhook_deliveries(finished=True)) == len(mm.mm.webhook_deliveries())
            )
        )
    return post


def bot_replies(mm, post):
    return [p for p in mm.mm.thread_posts(post["root_id"] or post["id"]) if p.user_id == mm.bot.id]


def emojis(mm, post):
    return sorted(r.emoji_name for r in mm.mm.reactions(post["id"]) if r.user_id == mm.bot.id)


def test_a_sale_with_a_photo_is_recorded_answered_in_its_thread_and_marked(mm, hook, worker):
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    assert mm.mm.webhook_deliveries()[0].response_body == b"{}"
    worker()
    venta = Venta.objects.get()
    assert (venta.post_id, venta.estado, venta.monto, venta.tubos) == (
        post["id"],
        Estado.REGISTRADA,
        1500,
        5,
    )
    assert venta.comision == 20
    assert venta.vendedor.mm_user_id == mm.seller.id
    [reply] = bot_replies(mm, post)
    assert reply.root_id == post["id"]
    assert "Venta registrada: $1,500.00" in reply.message
    assert "Comisión: **$20.00**" in reply.message
    assert emojis(mm, post) == ["white_check_mark"]


def test_a_sale_without_a_photo_waits_for_review_with_a_warning(mm, hook, worker):
    post = deliver(mm, mm.ventas, "@monto 800 @cliente Ana @tubos 2")
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.SIN_COMPROBANTE)
    [reply] = bot_replies(mm, post)
    assert "en revisión" in reply.message
    assert "foto del ticket" in reply.message
    assert emojis(mm, post) == ["warning"]


def test_without_required_receipts_a_sale_without_photo_is_registered(mm, hook, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    post = deliver(mm, mm.ventas, "@monto 800 @cliente Ana @tubos 2")
    worker()
    assert Venta.objects.get().estado == Estado.REGISTRADA
    assert emojis(mm, post) == ["white_check_mark"]


def test_an_invalid_message_gets_a_spanish_explanation_and_an_x_but_no_sale(mm, hook, worker):
    post = deliver(mm, mm.ventas, "@monto 1500 @cliente Juan")
    worker()
    assert not Venta.objects.exists()
    [reply] = bot_replies(mm, post)
    assert "Falta el dato @tubos" in reply.message
    assert "`@monto 1500 @cliente Juan Pérez @tubos 5`" in reply.message
    assert emojis(mm, post) == ["x"]
    # The bot's reply quotes the format, and a channel-wide hook fires for bot posts too:
    # it must not become a sale or a reply to itself.
    mm.mm.wait_for(lambda: len(mm.mm.webhook_deliveries(finished=True)) >= 2)
    worker()
    assert not Venta.objects.exists()
    assert len(bot_replies(mm, post)) == 1


def test_a_post_without_tags_is_ignored_silently(mm, hook, worker):
    post = deliver(mm, mm.ventas, "Buenos días, equipo")
    worker()
    assert EventoEntrante.objects.get().resultado == "ignorado"
    assert bot_replies(mm, post) == []
    assert emojis(mm, post) == []


def posts_read(monkeypatch):
    """The posts salesbot reads back from Mattermost (`GET /posts/{id}`): a spy, the request
    still goes to the stand-in."""
    read, real = [], mattermost_client.get_post
    monkeypatch.setattr(
        mattermost_client, "get_post", lambda post_id: read.append(post_id) or real(post_id)
    )
    return read


def test_a_root_post_is_answered_in_its_thread_without_being_read_first(
    mm, hook, worker, monkeypatch
):
    read = posts_read(monkeypatch)
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    worker()
    assert read == []
    [reply] = bot_replies(mm, post)
    assert reply.root_id == post["id"]
    assert AvisoMattermost.objects.get(tipo="respuesta").root_id == post["id"]
    # The sale's own post is its thread: nothing written on the sale, and a later reply
    # guesses the same root without reading the post either.
    venta = Venta.objects.get()
    assert venta.root_id == ""
    with transaction.atomic():
        replies.reply_in_thread(venta, clave="aviso-posterior", mensaje="Aviso posterior")
    worker()
    assert read == []
    assert [p.message for p in bot_replies(mm, post)][-1] == "Aviso posterior"


def sale_in_a_thread(mm) -> tuple[dict, dict]:
    """A seller's thread root, and a sale posted as a reply in it."""
    root = mm.seller_client.post(mm.ventas, "Hilo de ventas del día")
    post = deliver(
        mm, mm.ventas, "@monto 300 @cliente Luis @tubos 1", files=[("t.jpg", jpeg())],
        root_id=root["id"],
    )  # fmt: skip
    return root, post


def test_a_sale_posted_as_a_thread_reply_is_answered_in_that_thread(mm, hook, worker, monkeypatch):
    read = posts_read(monkeypatch)
    root, post = sale_in_a_thread(mm)
    worker()
    replies = [p for p in mm.mm.thread_posts(root["id"]) if p.user_id == mm.bot.id]
    assert len(replies) == 1
    assert replies[0].root_id == root["id"]
    assert Venta.objects.get(post_id=post["id"]).root_id == root["id"]
    # Mattermost refused the post as a root (it is a reply): read once to find its thread.
    assert read == [post["id"]]


def test_mattermost_failing_while_replying_then_back_gives_exactly_one_reply(mm, hook, worker):
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    mm.mm.fail_next(2, method="POST", path="/api/v4/posts")
    mm.mm.fail_next(1, method="POST", path="/api/v4/reactions", mode="reset")
    worker()
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == ["white_check_mark"]
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    assert (aviso.estado, aviso.intentos) == ("enviado", 2)
    assert len(aviso.historial) == 2


def wait_until_due(aviso):
    aviso.refresh_from_db()
    time.sleep(max(0.0, (aviso.proximo_intento - timezone.now()).total_seconds()) + 0.05)


def test_a_rate_limited_reply_waits_its_retry_after_and_is_posted_once_lifted(mm, hook, worker):
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    mm.mm.fail_next(100, method="POST", path="/api/v4/posts", mode="rate_limited", retry_after=1)
    worker()
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    # The schedule says retry at once (tests: 0 s); the 429's Retry-After says 1 s.
    assert (aviso.estado, aviso.intentos) == ("pendiente", 1)
    assert "429" in aviso.ultimo_error
    failed_at = dt.datetime.fromisoformat(aviso.historial[-1]["en"])
    assert aviso.proximo_intento >= failed_at + dt.timedelta(seconds=1)
    assert bot_replies(mm, post) == []
    assert emojis(mm, post) == ["white_check_mark"]
    mm.mm.clear_faults()  # the limit lifts
    wait_until_due(aviso)
    worker()
    assert len(bot_replies(mm, post)) == 1
    aviso.refresh_from_db()
    assert (aviso.estado, aviso.intentos) == ("enviado", 1)


def test_a_reply_whose_thread_was_deleted_meanwhile_is_dropped_without_an_error(
    mm, hook, worker, caplog
):
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    worker()
    venta = Venta.objects.get()
    mm.mm.fail_next(1, method="POST", path="/api/v4/posts", mode="rate_limited", retry_after=1)
    with transaction.atomic():
        replies.reply_in_thread(venta, clave="aviso-tardio", mensaje="Aviso posterior")
    worker()
    aviso = AvisoMattermost.objects.get(clave="aviso-tardio")
    assert (aviso.estado, aviso.intentos) == ("pendiente", 1)
    mm.seller_client.delete(post)
    wait_until_due(aviso)
    with caplog.at_level(logging.INFO, logger="sales.replies"):
        worker()
    aviso.refresh_from_db()
    # Mattermost refuses the post as the reply's root (400), and reading it to find its
    # thread answers 404: no retry can fix that.
    assert aviso.estado == "descartado"
    assert "app.post.get.app_error" in aviso.ultimo_error
    assert not [
        r for r in caplog.records if r.name == "sales.replies" and r.levelno >= logging.ERROR
    ]
    assert not [p for p in mm.mm.posts(mm.ventas, include_deleted=True) if "posterior" in p.message]


def test_a_reply_in_a_thread_whose_root_was_deleted_is_dropped(mm, hook, worker):
    root, _ = sale_in_a_thread(mm)
    worker()
    venta = Venta.objects.get()
    assert venta.root_id == root["id"]  # known from the first reply
    mm.seller_client.delete(root)
    with transaction.atomic():
        replies.reply_in_thread(venta, clave="aviso-tardio", mensaje="Aviso posterior")
    worker()
    aviso = AvisoMattermost.objects.get(clave="aviso-tardio")
    # The known root is refused with a 400 that no retry can fix.
    assert (aviso.estado, aviso.intentos) == ("descartado", 1)
    assert "api.post.create_post.root_id.app_error" in aviso.ultimo_error


def test_a_reply_written_but_answered_with_an_error_is_not_posted_twice(mm, hook, worker):
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    mm.mm.fail_after_write(1, method="POST", path="/api/v4/posts")
    worker()
    assert len(bot_replies(mm, post)) == 1


def test_after_a_long_outage_the_worker_looks_in_the_thread_before_posting(
    mm, hook, worker, settings
):
    # Mattermost forgets pending_post_id after 30 s: emulate "longer than that" on both sides.
    settings.MATTERMOST_PENDING_TTL = 0
    mm.mm.configure(pending_post_ttl=0)
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    mm.mm.fail_after_write(1, method="POST", path="/api/v4/posts")
    worker()
    assert len(bot_replies(mm, post)) == 1
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    assert aviso.estado == "enviado"
    assert aviso.mm_post_id == bot_replies(mm, post)[0].id


def test_a_reply_that_gave_up_is_visible_and_an_operator_retry_sends_it_once(mm, hook, worker):
    from sales import replies

    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    mm.mm.fail_next(10, method="POST", path="/api/v4/posts")
    worker()
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    assert aviso.estado == "abandonado"
    assert "500" in aviso.ultimo_error
    assert bot_replies(mm, post) == []
    mm.mm.clear_faults()
    replies.restart(aviso)
    worker()
    assert len(bot_replies(mm, post)) == 1


def test_if_the_post_is_gone_before_the_reply_it_is_recorded_and_no_reply_is_made(mm, hook, worker):
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    mm.seller_client.delete(post)
    worker()
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    assert aviso.estado == "descartado"
    assert aviso.ultimo_error
    assert bot_replies(mm, post) == []


def test_mattermost_down_while_processing_keeps_the_event_and_retries(mm, hook, worker):
    deliver(mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())])
    mm.mm.fail_next(2, method="GET", path="/api/v4/users/me", mode="unavailable")
    worker()
    evento = EventoEntrante.objects.get()
    assert evento.resultado == "venta"
    assert evento.intentos == 2
    assert Venta.objects.count() == 1


def test_a_worker_killed_while_posting_the_reply_does_not_make_a_second_one(mm, hook, worker):
    mm.mm.configure(pending_post_ttl=0)  # the retry comes after Mattermost forgot the id (30 s)
    post = deliver(
        mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    worker()
    assert len(bot_replies(mm, post)) == 1
    # The worker posted the reply and was killed before it could mark it sent; its claim ran
    # out a minute later.
    aviso = AvisoMattermost.objects.get(tipo="respuesta")
    AvisoMattermost.objects.filter(pk=aviso.pk).update(
        estado="pendiente",
        intentos=0,
        mm_post_id="",
        primer_intento=timezone.now() - dt.timedelta(seconds=60),
        reclamado_hasta=None,
    )
    from sales import replies

    assert replies.deliver(aviso.pk) == "ok"
    assert len(bot_replies(mm, post)) == 1
    aviso.refresh_from_db()
    assert aviso.mm_post_id == bot_replies(mm, post)[0].id
