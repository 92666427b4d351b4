"""A seller deletes, in Mattermost, the post of a sale whose month is already closed: through the
stand-in and the bot's WebSocket listener, the sale is voided and exactly one clawback lands in
the next open month; the closed month's statement does not move."""

from decimal import Decimal

import pytest

from sales.closing.models import Ajuste, EstadoCuenta
from sales.closing.statements import close_month
from sales.models import EventoEntrante, Venta
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.edits.support import recorded_sale
from tests.listener.support import stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_post_deleted_after_the_close_is_one_clawback_in_the_next_month(
    mm, listen, worker, settings
):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    crear_plan(vigente_desde=SEPTIEMBRE)
    listen()
    post, venta = recorded_sale(mm, worker, channel=mm.ventas)
    # The sale was posted in October (the stand-in's clock is today's).
    Venta.objects.filter(pk=venta.pk).update(fecha=en(OCTUBRE, 28))
    close_month(mes=OCTUBRE, actor="gerente")
    worker()
    estados = list(EstadoCuenta.objects.values())
    assert [e["total"] for e in estados] == [Decimal("20.00")]

    mm.seller_client.delete(post)
    stored(mm, post, EventoEntrante.Tipo.BORRADO)
    worker()
    worker()  # nothing left to run: no second clawback

    ajuste = Ajuste.objects.get()
    assert (ajuste.tipo, ajuste.monto, ajuste.mes, ajuste.mes_origen) == (
        Ajuste.Tipo.CONTRACARGO,
        Decimal("-20.00"),
        NOVIEMBRE,
        OCTUBRE,
    )
    assert ajuste.venta_id == venta.pk
    assert not Ajuste.objects.filter(mes=OCTUBRE).exists()
    assert list(EstadoCuenta.objects.values()) == estados
