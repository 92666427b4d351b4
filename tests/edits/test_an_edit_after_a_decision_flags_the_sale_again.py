"""A sale a reviewer already decided is not changed by an edit: it goes back to review."""

import pytest

from sales.models import Estado, Motivo
from sales.services import review
from tests.edits.support import edit, recorded_sale
from tests.listener.support import bot_replies, emojis

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_edit_after_approval_flags_the_sale_instead_of_changing_it(mm, listen, worker):
    listen()
    post, venta = recorded_sale(mm, worker)
    review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="gerente")
    worker()
    edit(mm, worker, post, "@monto 9000 @cliente Juan @tubos 30")
    venta.refresh_from_db()
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.EDITADA_TRAS_DECISION)
    assert (venta.monto, venta.tubos, venta.ronda_revision) == (1500, 5, 2)
    assert "@monto 9000" in venta.motivo_detalle
    reply = bot_replies(mm, post)[-1]
    assert "Editaste el mensaje después de que un revisor la decidió" in reply.message
    assert emojis(mm, post) == ["warning"]


def test_an_edit_after_rejection_flags_it_too(mm, listen, worker):
    listen()
    post, venta = recorded_sale(mm, worker)
    review.decide_review(venta=venta, ronda=1, aprobar=False, revisor="gerente", razon="sin ticket")
    worker()
    edit(mm, worker, post, "@monto 1500 @cliente Juan Pérez @tubos 5")
    venta.refresh_from_db()
    assert (venta.estado, venta.motivo, venta.cliente) == (
        Estado.EN_REVISION,
        Motivo.EDITADA_TRAS_DECISION,
        "Juan",
    )
