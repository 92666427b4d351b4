"""A photo too big to read gets advice that fits (it is too big, and how to send a lighter one),
not "send it again"; and no reply can exceed what Mattermost accepts in a post."""

import pytest

from integrations.mattermost import limits
from sales.models import AvisoMattermost, Estado, Venta
from tests.e2e.test_receipt_checks import sell
from tests.e2e.test_sale_through_mattermost import bot_replies

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_photo_over_the_size_limit_is_answered_with_how_to_send_a_lighter_one(
    mm, hook, worker, settings
):
    settings.OCR_MAX_BYTES = 1000  # the test image is larger
    post = sell(mm)
    worker()
    assert Venta.objects.get().estado == Estado.ESPERANDO_FOTO
    [reply] = bot_replies(mm, post)
    assert "pesa demasiado" in reply.message
    assert "0.001 MB" in reply.message
    assert "captura de pantalla" in reply.message
    assert "No pude descargar" not in reply.message


def test_a_reply_is_cut_to_what_mattermost_accepts(mm, hook, worker):
    from sales import replies

    aviso = replies.reply(
        venta=None,
        post_id=mm.ventas.id,
        channel_id=mm.ventas.id,
        root_id="",
        clave="k",
        mensaje="x" * 20_000,
    )
    assert len(AvisoMattermost.objects.get(pk=aviso.pk).mensaje) == limits.MESSAGE_MAX


def test_a_huge_bad_field_still_gets_its_answer(mm, hook, worker):
    post = sell(mm, message="@monto " + "9" * 16_000 + " @cliente Juan @tubos 5")
    worker()
    [reply] = bot_replies(mm, post)
    assert reply.message.startswith(":x: No pude registrar la venta.")
    assert len(reply.message) < 1000
