"""A sale's page in the admin shows its evidence and its audit history, read-only; the list
filters by state, reason, seller and month and searches by client, seller and post."""

import datetime as dt

import pytest
from django.urls import reverse

from sales import review_desk
from sales.models import Estado
from sales.services import review
from tests.helpers.mesa import vender

pytestmark = pytest.mark.django_db
LISTA = reverse("admin:sales_venta_changelist")


def test_the_sale_page_shows_the_photo_the_reading_and_the_audit_history(como_revisor, revisor):
    venta = vender()
    review.decide_review(
        venta=venta, ronda=1, aprobar=True, revisor=revisor.username, monto=venta.monto_leido
    )
    html = como_revisor.get(reverse("admin:sales_venta_change", args=[venta.pk])).content.decode()
    assert f"/admin/sales/venta/{venta.pk}/comprobante/" in html
    assert "TOTAL 1500.00" in html
    assert "Monto: escrito $1,500.00, leído $1,500.00" in html
    assert "Historial (auditoría)" in html
    # The history in sentences, not the code's action names.
    assert f"registró la venta #{venta.pk}" in html
    assert f"{revisor.username} aprobó la venta #{venta.pk}" in html
    assert "marcar_revision" not in html
    assert "estado: En revisión → Aprobada" in html
    assert "monto: $1,600.00 → $1,500.00" in html


def test_the_sale_page_cannot_be_saved_even_by_a_superuser(client, admin_user):
    venta = vender()
    client.force_login(admin_user)
    url = reverse("admin:sales_venta_change", args=[venta.pk])
    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {"cliente": "Otro"}).status_code == 403
    venta.refresh_from_db()
    assert venta.cliente == "Juan"


def test_the_desk_shows_the_history_of_a_decided_sale_without_a_form(como_revisor):
    venta = vender()
    review.decide_review(venta=venta, ronda=1, aprobar=False, revisor="ana", razon="falso")
    html = como_revisor.get(reverse("admin:sales_venta_revisar", args=[venta.pk])).content.decode()
    assert "Esta venta no está en revisión: rechazada." in html
    assert "Historial de la venta" in html
    assert "falso" in html
    assert "Aprobar</button>" not in html


def test_the_list_filters_by_state_and_reason(como_revisor):
    marcada = vender()
    buena = vender("@monto 1500 @cliente Ana @tubos 5")
    html = como_revisor.get(
        LISTA, {"estado__exact": "en_revision", "motivo__exact": "monto_no_coincide"}
    ).content.decode()
    assert f"/admin/sales/venta/{marcada.pk}/change/" in html
    assert f"/admin/sales/venta/{buena.pk}/change/" not in html
    assert "$1,600.00" in html


def test_the_list_filters_by_month(como_revisor):
    octubre = vender(cuando=dt.datetime(2026, 10, 15, 12, tzinfo=dt.UTC))
    noviembre = vender(cuando=dt.datetime(2026, 11, 3, 12, tzinfo=dt.UTC))
    html = como_revisor.get(LISTA, {"mes": "2026-10"}).content.decode()
    assert "octubre 2026" in html
    assert "noviembre 2026" in html
    assert f"/admin/sales/venta/{octubre.pk}/change/" in html
    assert f"/admin/sales/venta/{noviembre.pk}/change/" not in html


def test_the_list_searches_by_client_seller_and_post(como_revisor):
    ana = vender("@monto 1500 @cliente Ferretería Ana @tubos 5", usuario="luisa.v")
    otra = vender("@monto 1500 @cliente Pedro @tubos 5")
    for termino in ("Ferretería", "luisa", ana.post_id):
        html = como_revisor.get(LISTA, {"q": termino}).content.decode()
        assert f"/admin/sales/venta/{ana.pk}/change/" in html
        assert f"/admin/sales/venta/{otra.pk}/change/" not in html
    assert ana.estado == Estado.REGISTRADA


def test_audit_entries_read_as_sentences_with_their_changes_in_words():
    from sales.models import Auditoria
    from sales.texts import audit as audit_texts

    entrada = Auditoria(
        actor="lucia",
        accion="aprobar",
        modelo="Venta",
        objeto_id=3,
        antes={"estado": "en_revision", "monto": "1600.00", "ronda_revision": 1},
        despues={"estado": "aprobada", "monto": "1500.00", "ronda_revision": 1},
    )
    assert entrada.descripcion == "lucia aprobó la venta #3"
    assert review_desk.change_summary(entrada) == (
        "estado: En revisión → Aprobada · monto: $1,600.00 → $1,500.00"
    )
    assert audit_texts.sentence("gerente", "cerrar_mes", 7) == "gerente cerró el mes (cierre #7)"
    assert all("_" not in nombre for _, nombre in audit_texts.action_choices())


def test_the_tickets_date_is_shown_beside_the_sales_and_marked_when_they_differ():
    from sales.models import Venta

    venta = Venta(fecha=dt.datetime(2026, 11, 20, 18, tzinfo=dt.UTC))
    venta.fecha_ticket = None  # as `with_evidence` annotates it from the reading
    assert review_desk.ticket_date(venta) is None  # not read
    venta.fecha_ticket = "2026-11-20"
    assert review_desk.ticket_date(venta) == {"fecha": dt.date(2026, 11, 20), "distinta": False}
    venta.fecha_ticket = "2026-10-02"
    assert review_desk.ticket_date(venta)["distinta"] is True
