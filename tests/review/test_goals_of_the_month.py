"""The month's goals on one page: every active seller in a row, both goals edited together,
«copiar las metas del mes anterior», Spanish validation; each change through the service
(audit, NocoDB)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from integrations.nocodb.models import ItemSync
from sales.models import Auditoria, Meta
from sales.services import goals
from tests.closing.conftest import crear_gerente
from tests.factories import VendedorFactory

pytestmark = pytest.mark.django_db
PAGINA = reverse("admin:sales_meta_del_mes")
NOVIEMBRE, DICIEMBRE = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


@pytest.fixture
def equipo():
    return [
        VendedorFactory(username="ana", nombre="Ana López"),
        VendedorFactory(username="beto", nombre="Beto Ruiz"),
        VendedorFactory(username="carla", nombre="Carla Díaz", activo=False),
    ]


@pytest.fixture
def como_gerente(client):
    client.force_login(crear_gerente())
    return client


def enviar(client, mes: str, filas: list[tuple], **extra):
    datos = {"form-TOTAL_FORMS": len(filas), "form-INITIAL_FORMS": len(filas)}
    for n, (vendedor, monto, tubos) in enumerate(filas):
        datos |= {f"form-{n}-vendedor": vendedor.pk, f"form-{n}-monto": monto}
        datos[f"form-{n}-tubos"] = tubos
    return client.post(f"{PAGINA}?mes={mes}", datos | extra, follow=True)


def test_every_active_seller_has_a_row(como_gerente, equipo):
    html = como_gerente.get(PAGINA, {"mes": "2026-12"}).content.decode()
    assert "Metas de diciembre 2026" in html
    assert "Ana López" in html
    assert "Beto Ruiz" in html
    assert "Carla Díaz" not in html  # inactive and without a goal this month


def test_a_manager_sets_every_goal_at_once_through_the_service(como_gerente, equipo, settings):
    settings.NOCODB_URL, settings.NOCODB_API_TOKEN = "http://127.0.0.1:9", "x"
    ana, beto, _ = equipo
    respuesta = enviar(como_gerente, "2026-12", [(ana, "12,000", "30"), (beto, "8000.50", "20")])
    assert "Guardaste las metas de diciembre 2026: 2 cambiaron." in respuesta.content.decode()
    assert {(m.vendedor_id, m.mes, m.monto, m.tubos) for m in Meta.objects.all()} == {
        (ana.pk, DICIEMBRE, Decimal("12000.00"), 30),
        (beto.pk, DICIEMBRE, Decimal("8000.50"), 20),
    }
    assert Auditoria.objects.filter(accion="crear_meta", actor="gerente").count() == 2
    assert ItemSync.objects.filter(tabla="Meta").count() == 2


def test_copying_last_months_goals_fills_the_form_and_saves_nothing(como_gerente, equipo):
    ana, _beto, _ = equipo
    goals.set_goal(vendedor=ana, mes=NOVIEMBRE, monto=Decimal("9000"), tubos=25, actor="x")
    html = como_gerente.get(PAGINA, {"mes": "2026-12", "copiar": "1"}).content.decode()
    assert "Copiadas de noviembre 2026" in html
    assert 'value="9,000.00"' in html
    assert 'value="25"' in html
    assert not Meta.objects.filter(mes=DICIEMBRE).exists()


def test_invalid_goals_are_refused_in_spanish_and_nothing_is_saved(como_gerente, equipo):
    ana, beto, _ = equipo
    html = enviar(
        como_gerente, "2026-12", [(ana, "doce mil y pico", "30"), (beto, "8000", "-2")]
    ).content.decode()
    assert "No entiendo el monto «doce mil y pico»" in html
    assert "Los tubos no pueden ser negativos." in html
    html = enviar(como_gerente, "2026-12", [(ana, "1000", "")]).content.decode()
    assert "Escribe las dos metas (monto y tubos) o ninguna." in html
    assert not Meta.objects.exists()


def test_unchanged_rows_write_nothing(como_gerente, equipo):
    ana, beto, _ = equipo
    goals.set_goal(vendedor=ana, mes=DICIEMBRE, monto=Decimal("9000"), tubos=25, actor="x")
    respuesta = enviar(como_gerente, "2026-12", [(ana, "9,000.00", "25"), (beto, "", "")])
    assert "2026: 0 cambiaron." in respuesta.content.decode()
    assert Auditoria.objects.filter(modelo="Meta").count() == 1


def test_the_old_single_goal_form_leads_to_the_months_page(como_gerente, equipo):
    ana, _, _ = equipo
    meta = goals.set_goal(vendedor=ana, mes=NOVIEMBRE, monto=Decimal("9000"), tubos=25, actor="x")
    assert como_gerente.get(reverse("admin:sales_meta_add"))["Location"] == PAGINA
    cambio = como_gerente.get(reverse("admin:sales_meta_change", args=[meta.pk]))
    assert cambio["Location"] == f"{PAGINA}?mes=2026-11"


def test_a_reviewer_cannot_set_goals(client, equipo):
    from tests.helpers.mesa import crear_revisor

    client.force_login(crear_revisor())
    assert client.get(PAGINA).status_code == 403


def test_a_form_count_above_the_rows_sent_saves_the_rows_sent(como_gerente, equipo):
    # The formset reads every form it is told of; those the page never sent were empty rows
    # without a seller, and saving them was a 500.
    ana, _, _ = equipo
    respuesta = enviar(como_gerente, "2026-12", [(ana, "9000", "25")], **{"form-TOTAL_FORMS": 3})
    assert "Guardaste las metas de diciembre 2026: 1 cambiaron." in respuesta.content.decode()
    assert list(Meta.objects.values_list("vendedor_id", "tubos")) == [(ana.pk, 25)]
