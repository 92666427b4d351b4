"""`/venta @monto … @cliente … @tubos …`: a sale without a photo. The confirmation and what
follows reach the seller by direct message from the bot; a photo answered there attaches."""

import pytest

from sales.models import Estado, EventoEntrante, Motivo, Venta
from tests.helpers.images import jpeg
from tests.listener.support import bot_replies, emojis, stored

pytestmark = pytest.mark.django_db(transaction=True)


def _direct_messages(mm) -> list:
    return [p for p in mm.mm.posts(mm.seller_dm) if p.user_id == mm.bot.id and not p.root_id]


def test_it_answers_at_once_and_records_the_sale_on_a_direct_message(commands, mm, worker):
    text = commands.run("/venta @monto 1500 @cliente Juan @tubos 5")
    assert text.startswith(":inbox_tray: Recibí tu venta: $1,500.00 · cliente Juan · 5 tubos.")
    assert not Venta.objects.exists()  # the worker records it
    worker()
    venta = Venta.objects.get()
    [confirmation] = _direct_messages(mm)
    assert "Venta enviada con `/venta`: $1,500.00 · cliente Juan · 5 tubos" in confirmation.message
    assert (venta.post_id, venta.channel_id, venta.root_id) == (
        confirmation.id,
        mm.seller_dm.id,
        confirmation.id,
    )
    assert (venta.origen, venta.mensaje) == ("comando", "@monto 1500 @cliente Juan @tubos 5")
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.SIN_COMPROBANTE)
    assert venta.vendedor.mm_user_id == mm.seller.id
    [reply] = bot_replies(mm, {"id": confirmation.id})
    assert "No venía foto del ticket" in reply.message
    assert emojis(mm, {"id": confirmation.id}) == ["warning"]
    evento = EventoEntrante.objects.get()
    assert (evento.tipo, evento.post_id, evento.venta) == ("comando", confirmation.id, venta)


def test_configured_not_to_require_a_receipt_it_is_registered(commands, mm, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    commands.run("/venta @monto 2000 @cliente Ana @tubos 8 @producto Tubo PVC")
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.comision, venta.producto) == (Estado.REGISTRADA, 50, "Tubo PVC")


def test_a_double_submit_within_a_minute_is_one_sale(commands, mm, worker):
    first = commands.run("/venta @monto 1500 @cliente Juan @tubos 5")
    again = commands.run("/venta @monto 1,500 @cliente  juan @tubos 5")
    assert first.startswith(":inbox_tray: Recibí tu venta")
    assert again.startswith(":repeat: Ya recibí esa misma venta hace menos de un minuto")
    worker()
    assert Venta.objects.count() == 1
    assert len(_direct_messages(mm)) == 1
    assert EventoEntrante.objects.count() == 1


def test_a_different_sale_right_after_is_another_sale(commands, mm, worker):
    commands.run("/venta @monto 1500 @cliente Juan @tubos 5")
    commands.run("/venta @monto 1500 @cliente Juan @tubos 6")
    worker()
    assert Venta.objects.count() == 2


def test_it_works_from_the_direct_channel_with_the_bot_too(commands, mm, worker):
    commands.run("/venta @monto 700 @cliente Eva @tubos 1", channel=mm.seller_dm)
    worker()
    assert Venta.objects.get().channel_id == mm.seller_dm.id


def test_a_photo_answered_in_that_direct_message_attaches_to_the_sale(commands, mm, listen, worker):
    listen()
    commands.run("/venta @monto 1500 @cliente Juan @tubos 5")
    worker()
    [confirmation] = _direct_messages(mm)
    photo = mm.seller_client.reply(
        mm.mm.post_api(confirmation.id), "", files=[("ticket.jpg", jpeg())]
    )
    stored(mm, photo)
    worker()
    venta = Venta.objects.get()
    assert venta.estado == Estado.REGISTRADA
    assert EventoEntrante.objects.get(post_id=photo["id"]).venta == venta


def test_ayuda_shows_the_format_with_examples(commands):
    text = commands.run("/venta ayuda")
    assert text.startswith("**Registrar una venta con `/venta`**")
    assert "`/venta @monto 1500 @cliente Juan Pérez @tubos 5`" in text
    assert "@producto" in text
    assert commands.run("/venta") == text


def test_a_worker_killed_while_sending_the_direct_message_does_not_send_a_second_one(
    commands, mm, worker
):
    mm.mm.configure(pending_post_ttl=0)  # the retry comes after Mattermost forgot the id
    commands.run("/venta @monto 1500 @cliente Juan @tubos 5")
    mm.mm.fail_after_write(1, method="POST", path="/api/v4/posts")
    evento = EventoEntrante.objects.get()
    from sales.handlers.commands import process_command

    # The direct message is created, then the answer is lost as if the worker died mid-request.
    assert process_command(evento.pk) == "retry"
    EventoEntrante.objects.filter(pk=evento.pk).update(intentos=0)  # the kill counted nothing
    worker()
    assert len(_direct_messages(mm)) == 1
    assert Venta.objects.get().post_id == _direct_messages(mm)[0].id
