"""Review from Mattermost, through the stand-in over real sockets: a flagged sale becomes one card
with the evidence image in the reviewers' channel; a linked reviewer approves or rejects from it
(the rejection through a dialog) with the same effects as the admin's desk; forged, stale or
unauthorised clicks change nothing; the card follows every decision; a double click is one
decision; the card survives a Mattermost outage and is posted once."""

import json
import time
from decimal import Decimal

import pytest

from sales.models import Auditoria, Estado, EventoEntrante, RevisorMattermost, Venta
from sales.services import review
from sales.texts import cards as textos
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver
from tests.helpers.images import jpeg
from tests.helpers.mesa import crear_revisor
from tests.listener.support import stored

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def revision(mm, hook, settings, live_server):
    """Cards in `gerencia`; Mattermost's `admin` is linked to the reviewer Lucía Pérez."""
    settings.MATTERMOST_CANAL_REVISION = mm.gerencia.id
    settings.SALESBOT_PUBLIC_URL = live_server.url
    settings.SALESBOT_ADMIN_URL = "https://ventas.example.com"
    lucia = crear_revisor("lucia")
    lucia.first_name, lucia.last_name = "Lucía", "Pérez"
    lucia.save()
    RevisorMattermost.objects.create(usuario=lucia, mm_user_id=mm.admin.id)
    return lucia


def flagged(mm, worker):
    """A seller types $1,600 for a ticket that reads $1,500: flagged, its card posted."""
    post = deliver(
        mm, mm.ventas, "@monto 1600 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())]
    )
    worker()
    return post, Venta.objects.get(post_id=post["id"])


def card(mm):
    [tarjeta] = [p for p in mm.mm.posts(mm.gerencia) if p.user_id == mm.bot.id]
    return tarjeta


def answer(mm) -> dict:
    """What salesbot answered the last click or submission."""
    return json.loads(mm.mm.integration_calls()[-1].response or b"{}")


def buttons(post) -> list[str]:
    return [a["name"] for a in post.props["attachments"][0].get("actions", [])]


def test_a_flagged_sale_becomes_one_card_with_the_evidence_image(mm, revision, worker):
    _, venta = flagged(mm, worker)
    tarjeta = card(mm)
    assert tarjeta.message.startswith(f"**Venta #{venta.pk} para revisión** · El monto no coincide")
    assert "Escrito: $1,600.00 · 5 tubos" in tarjeta.message
    assert "Ticket: $1,500.00" in tarjeta.message
    assert f"https://ventas.example.com/admin/sales/venta/{venta.pk}/revisar/" in tarjeta.message
    assert buttons(tarjeta) == [
        textos.BOTON_TICKET,
        textos.BOTON_ESCRITO,
        textos.BOTON_CORREGIR,
        textos.BOTON_RECHAZAR,
    ]
    [file_id] = tarjeta.file_ids
    assert mm.mm.file_info(file_id).mime_type == "image/jpeg"
    # The integration (URL and signed context) stays in Mattermost: clients never see it.
    visto = mm.admin_client.get_post(tarjeta.id)
    assert all("integration" not in a for a in visto["props"]["attachments"][0]["actions"])


def test_approving_with_the_tickets_amount_from_the_card(mm, revision, worker):
    post, venta = flagged(mm, worker)
    respuesta = mm.admin_client.click(card(mm), "ticket")
    assert respuesta.status_code == 200
    assert answer(mm) == {"ephemeral_text": textos.decidida(venta.pk, True)}
    venta.refresh_from_db()
    assert (venta.estado, venta.monto, venta.comision) == (
        Estado.APROBADA,
        Decimal("1500.00"),
        Decimal("20.00"),
    )
    entrada = Auditoria.objects.get(venta=venta, accion="aprobar")
    assert (entrada.actor, entrada.nota) == ("lucia", "Monto: lo del ticket; tubos: lo del ticket.")
    worker()
    # The seller reads what a decision in the admin would have told them.
    assert bot_replies(mm, post)[-1].message.startswith(
        ":white_check_mark: Tu venta fue **aprobada** con $1,500.00 del ticket en lugar de "
        "$1,600.00 por Lucía Pérez"
    )
    tarjeta = card(mm)
    assert buttons(tarjeta) == []
    assert tarjeta.props["attachments"][0]["text"].startswith("Aprobada por lucia el ")
    assert len(tarjeta.file_ids) == 1  # the patch keeps the image


def test_rejecting_through_the_dialog(mm, revision, worker):
    post, venta = flagged(mm, worker)
    mm.admin_client.click(card(mm), "rechazar")
    assert answer(mm) == {"ephemeral_text": textos.ABRIENDO_DIALOGO}
    limite = time.monotonic() + 5
    while not mm.mm.opened_dialogs(mm.admin):
        assert time.monotonic() < limite, "the rejection dialog never opened"
        time.sleep(0.05)
    [dialogo] = mm.mm.opened_dialogs(mm.admin)
    assert dialogo["dialog"]["elements"][0]["name"] == "razon"
    extra = {"channel_id": mm.gerencia.id, "team_id": mm.team.id}
    vacia = mm.admin_client.submit_dialog(dialogo, {"razon": "  "}, **extra)
    assert vacia.json() == {"errors": {"razon": textos.FALTA_RAZON}}
    assert Venta.objects.get(pk=venta.pk).estado == Estado.EN_REVISION
    hecha = mm.admin_client.submit_dialog(
        dialogo, {"razon": "El ticket es de otra tienda"}, **extra
    )
    assert hecha.status_code == 200
    assert hecha.json() == {}
    venta.refresh_from_db()
    assert venta.estado == Estado.RECHAZADA
    worker()
    assert "Razón: El ticket es de otra tienda" in bot_replies(mm, post)[-1].message
    assert card(mm).props["attachments"][0]["text"].endswith("El ticket es de otra tienda")


@pytest.mark.parametrize("como", [{"cancelled": True}, {"type": "refresh"}])
def test_a_cancelled_or_refreshed_dialog_decides_nothing_whatever_it_holds(
    mm, revision, worker, como
):
    _, venta = flagged(mm, worker)
    mm.admin_client.click(card(mm), "rechazar")
    dialogo = opened_dialog(mm)
    extra = {"channel_id": mm.gerencia.id, "team_id": mm.team.id, **como}
    cerrada = mm.admin_client.submit_dialog(dialogo, {"razon": "No es de la tienda"}, **extra)
    assert cerrada.status_code == 200
    assert cerrada.json() == {}
    assert Venta.objects.get(pk=venta.pk).estado == Estado.EN_REVISION
    assert not Auditoria.objects.filter(venta=venta, accion="rechazar").exists()
    assert buttons(card(mm)) == [
        textos.BOTON_TICKET, textos.BOTON_ESCRITO, textos.BOTON_CORREGIR, textos.BOTON_RECHAZAR
    ]  # fmt: skip


def opened_dialog(mm, n: int = 1) -> dict:
    limite = time.monotonic() + 5
    while len(mm.mm.opened_dialogs(mm.admin)) < n:
        assert time.monotonic() < limite, "the dialog never opened"
        time.sleep(0.05)
    return mm.mm.opened_dialogs(mm.admin)[n - 1]


def test_correcting_through_the_dialog_approves_with_the_values_written_there(mm, revision, worker):
    post, venta = flagged(mm, worker)
    mm.admin_client.click(card(mm), "corregir")
    assert answer(mm) == {"ephemeral_text": textos.ABRIENDO_CORRECCION}
    dialogo = opened_dialog(mm)
    valores = {e["name"]: e["default"] for e in dialogo["dialog"]["elements"]}
    assert valores == {"monto": "1500.00", "tubos": "5"}  # the ticket's, to start from
    extra = {"channel_id": mm.gerencia.id, "team_id": mm.team.id}
    mala = mm.admin_client.submit_dialog(dialogo, {"monto": "mil y pico", "tubos": "4"}, **extra)
    assert mala.json() == {
        "errors": {"monto": "No entiendo el monto «mil y pico»: escribe solo la cantidad."}
    }
    # A digit that is not a decimal one ("²" passes str.isdigit) is a field error, not a 500.
    for tubos in ("²", ""):
        mala = mm.admin_client.submit_dialog(dialogo, {"monto": "1450", "tubos": tubos}, **extra)
        assert mala.status_code == 200
        assert mala.json()["errors"] == {"tubos": f"«{tubos}» no es un número entero de tubos."}
    buena = mm.admin_client.submit_dialog(dialogo, {"monto": "1,450", "tubos": "4"}, **extra)
    assert buena.json() == {}
    venta.refresh_from_db()
    assert (venta.estado, venta.monto, venta.tubos, venta.comision) == (
        Estado.APROBADA,
        Decimal("1450.00"),
        4,
        Decimal("10.00"),
    )
    worker()
    assert (
        "$1,450.00 corregido por el revisor en lugar de $1,600.00"
        in bot_replies(mm, post)[-1].message
    )


def test_a_dialog_state_of_another_user_or_tampered_changes_nothing(mm, revision, worker):
    _, venta = flagged(mm, worker)
    mm.admin_client.click(card(mm), "rechazar")
    dialogo = opened_dialog(mm)
    extra = {"channel_id": mm.gerencia.id, "team_id": mm.team.id}
    otro = mm.mm.add_user("otro.revisor", teams=[mm.team])
    mm.mm.add_channel_member(mm.gerencia, otro)
    ajena = mm.mm.client_for(otro).submit_dialog(dialogo, {"razon": "no"}, **extra)
    assert ajena.json() == {"error": textos.TARJETA_INVALIDA}
    alterado = {
        **dialogo,
        "dialog": {
            **dialogo["dialog"],
            "state": dialogo["dialog"]["state"].replace(f"{venta.pk}.", "1.", 1),
        },
    }
    assert mm.admin_client.submit_dialog(alterado, {"razon": "no"}, **extra).json() == {
        "error": textos.TARJETA_INVALIDA
    }
    assert Venta.objects.get(pk=venta.pk).estado == Estado.EN_REVISION


def test_a_duplicate_shows_the_other_sales_evidence_too(mm, revision, worker):
    imagen = jpeg()
    deliver(mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("a.jpg", imagen)])
    worker()
    deliver(mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("b.jpg", imagen)])
    worker()
    [tarjeta] = [p for p in mm.mm.posts(mm.gerencia) if p.user_id == mm.bot.id]
    assert "Comprobante duplicado" in tarjeta.message
    assert len(tarjeta.file_ids) == 2


def test_a_click_by_someone_not_linked_as_a_reviewer_changes_nothing(mm, revision, worker):
    _, venta = flagged(mm, worker)
    intruso = mm.mm.add_user("intruso", teams=[mm.team])
    mm.mm.add_channel_member(mm.gerencia, intruso)
    assert mm.mm.client_for(intruso).click(card(mm), "ticket").status_code == 200
    assert answer(mm) == {"ephemeral_text": textos.SIN_PERMISO}
    assert Venta.objects.get(pk=venta.pk).estado == Estado.EN_REVISION


def test_a_forged_button_changes_nothing(mm, revision, worker, live_server):
    """Anyone can post buttons: a copy of the card's context on another post, or a context with
    a wrong signature, is refused."""
    _, venta = flagged(mm, worker)
    from sales import cards

    boton = cards._button(venta, cards.TICKET, "Aprobar", "good")
    falso = {
        **boton,
        "integration": {**boton["integration"], "context": {**boton["integration"]["context"]}},
    }
    mal_firmado = json.loads(json.dumps(falso))
    mal_firmado["id"] = "otro"
    mal_firmado["integration"]["context"]["firma"] = "0" * 64
    copia = mm.admin_client.post(
        mm.gerencia, "¡Apruébame!", props={"attachments": [{"actions": [falso, mal_firmado]}]}
    )
    for accion in ("ticket", "otro"):
        assert mm.admin_client.click(copia, accion).status_code == 200
        assert answer(mm) == {"ephemeral_text": textos.TARJETA_INVALIDA}
    assert Venta.objects.get(pk=venta.pk).estado == Estado.EN_REVISION


def test_a_decision_in_the_admin_updates_the_card_and_a_stale_click_is_refused(
    mm, revision, worker
):
    _, venta = flagged(mm, worker)
    review.decide_review(
        venta=venta, ronda=1, aprobar=False, revisor="beto", razon="Ticket ilegible"
    )
    worker()
    tarjeta = card(mm)
    assert buttons(tarjeta) == []
    assert tarjeta.props["attachments"][0]["text"].startswith("Rechazada por beto el ")
    # A client still showing the old buttons: the card has none now, so Mattermost itself
    # refuses the click and salesbot is not even called.
    llamadas = len(mm.mm.integration_calls())
    assert mm.admin_client.click(tarjeta, "ticket").status_code == 404
    assert len(mm.mm.integration_calls()) == llamadas


def test_a_double_click_is_one_decision(mm, revision, worker):
    _, venta = flagged(mm, worker)
    tarjeta = card(mm)
    mm.admin_client.click(tarjeta, "ticket")
    mm.admin_client.click(tarjeta, "escrito")  # before the card was updated
    assert answer(mm) == {"ephemeral_text": textos.ya_decidida(venta.pk, "lucia", "aprobar")}
    assert Auditoria.objects.filter(venta=venta, accion="aprobar").count() == 1
    assert Venta.objects.get(pk=venta.pk).monto == Decimal("1500.00")


def test_the_card_survives_a_mattermost_outage_and_is_posted_once(mm, revision, worker):
    deliver(mm, mm.ventas, "@monto 1600 @cliente Juan @tubos 5", files=[("ticket.jpg", jpeg())])
    # Mattermost refuses the card's upload three times (the schedule is 0, 0, 0 in tests).
    mm.mm.fail_next(3, method="POST", path="/api/v4/files", status=503)
    worker()
    tarjeta = card(mm)
    assert len(tarjeta.file_ids) == 1
    worker()
    assert len([p for p in mm.mm.posts(mm.gerencia) if p.user_id == mm.bot.id]) == 1


def test_the_card_follows_an_edit_that_reopens_review_and_a_deleted_post(
    mm, revision, worker, listen
):
    listen()
    post, venta = flagged(mm, worker)
    review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="beto")
    worker()
    assert buttons(card(mm)) == []
    mm.seller_client.edit(post, "@monto 1700 @cliente Juan @tubos 5")
    stored(mm, post, EventoEntrante.Tipo.EDITADO)
    worker()
    venta.refresh_from_db()
    assert (venta.estado, venta.ronda_revision) == (Estado.EN_REVISION, 2)
    tarjeta = card(mm)
    assert buttons(tarjeta) == [
        textos.BOTON_TICKET,
        textos.BOTON_ESCRITO,
        textos.BOTON_CORREGIR,
        textos.BOTON_RECHAZAR,
    ]
    assert tarjeta.props["attachments"][0]["text"] == "Revisión n.º 2: pendiente."
    assert mm.admin_client.click(tarjeta, "escrito").status_code == 200  # the new round's buttons
    assert Venta.objects.get(pk=venta.pk).estado == Estado.APROBADA
    mm.seller_client.delete(post)
    stored(mm, post, EventoEntrante.Tipo.BORRADO)
    worker()
    assert card(mm).props["attachments"][0]["text"] == textos.estado_tarjeta(
        Venta.objects.get(pk=venta.pk), None
    )
    assert Venta.objects.get(pk=venta.pk).estado == Estado.ANULADA


def test_a_click_for_a_round_already_decided_says_who_decided(mm, revision, worker):
    """A click that raced a decision (its card not yet updated) carries a round that is over."""
    from sales import cards, review_chat

    _, venta = flagged(mm, worker)
    contexto = cards._button(venta, cards.TICKET, "Aprobar", "good")["integration"]["context"]
    review.decide_review(venta=venta, ronda=1, aprobar=False, revisor="beto", razon="No")
    datos = {"context": contexto, "post_id": card(mm).id, "user_id": mm.admin.id}
    assert review_chat.click(datos) == {
        "ephemeral_text": textos.ya_decidida(venta.pk, "beto", "rechazar")
    }
    assert Venta.objects.get(pk=venta.pk).estado == Estado.RECHAZADA
