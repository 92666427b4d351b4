"""`since=` answers at most 1000 posts, any of the changed ones, and does not say it stopped:
past that limit the catch-up reads the channel itself, so no edit, delete or
new post made while the listener was away is lost. The limit is made tiny here."""

import pytest

from integrations.mattermost import catchup
from integrations.mattermost.models import CursorCanal
from sales.models import Estado, EventoEntrante, Venta
from tests.edits.support import recorded_sale
from tests.listener.support import stored

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 2


@pytest.fixture
def small_limit(mm, monkeypatch):
    mm.mm.configure(posts_since_limit=LIMIT)
    monkeypatch.setattr(catchup, "SINCE_TOPE", LIMIT)


def test_edits_and_a_delete_beyond_the_limit_are_all_applied(
    mm, listen, worker, settings, small_limit
):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    first = listen()
    sales = [
        recorded_sale(mm, worker, channel=mm.ventas, message=f"@monto {m} @cliente Juan @tubos 4")
        for m in (100, 200, 300, 400)
    ]
    first.stop()
    # The oldest post is deleted: `since=` keeps the newest ones, so only reading the channel
    # (a 404 for the sale's post) finds it.
    mm.seller_client.delete(sales[0][0])
    for post, _ in sales[1:]:
        mm.seller_client.edit(post, post["message"].replace("@tubos 4", "@tubos 9"))
    listen()
    stored(mm, sales[0][0], EventoEntrante.Tipo.BORRADO)
    for post, _ in sales[1:]:
        stored(mm, post, EventoEntrante.Tipo.EDITADO)
    worker()
    ventas = [Venta.objects.get(pk=venta.pk) for _, venta in sales]
    assert ventas[0].estado == Estado.ANULADA
    assert [v.tubos for v in ventas[1:]] == [9, 9, 9]
    # The mark moved on: the next catch-up starts after what was read.
    assert CursorCanal.objects.get(channel_id=mm.ventas.id).desde_ms > sales[0][0]["create_at"]


def test_new_posts_beyond_the_limit_in_a_channel_never_read_are_all_stored(mm, listen, small_limit):
    listen().stop()
    norte = mm.mm.add_channel(mm.team, "ventas-norte", "P", [mm.bot, mm.seller])
    posts = [
        mm.seller_client.post(norte, f"@monto {m} @cliente Ana @tubos 2") for m in (10, 20, 30, 40)
    ]
    listen()
    for post in posts:
        stored(mm, post)
    assert EventoEntrante.objects.count() == len(posts)
