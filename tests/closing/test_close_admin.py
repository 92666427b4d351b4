"""Closing from the month overview: the button, the page that shows what will be frozen and
what is pending, reopening for superusers, and the read-only statements and adjustments."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sales.closing.models import CierreMes
from sales.closing.statements import close_month
from sales.models import Estado
from sales.services import ledger
from tests.closing.conftest import OCTUBRE, ajuste_de, en
from tests.factories import VendedorFactory, VentaFactory
from tests.helpers.mesa import crear_revisor

pytestmark = pytest.mark.django_db
RESUMEN = reverse("admin:sales_venta_resumen")
CERRAR = reverse("admin:sales_cierremes_cerrar")


@pytest.fixture
def octubre():
    ana = VendedorFactory(username="ana", nombre="Ana López")
    venta = VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=5, comision=Decimal("20.00"))
    return ana, venta


def mensajes(respuesta) -> list[str]:
    return re.findall(r'<li class="(?:success|error|info)">(.*?)</li>', respuesta.content.decode())


def test_the_overview_of_a_finished_month_offers_the_close_to_a_manager(como_gerente, octubre):
    html = como_gerente.get(RESUMEN, {"mes": "2026-10"}).content.decode()
    assert f'href="{CERRAR}?mes=2026-10">Cerrar el mes</a>' in html
    actual = como_gerente.get(RESUMEN).content.decode()
    assert "Cerrar el mes" not in actual


def test_a_reviewer_sees_no_close_button_and_cannot_close(client, octubre):
    client.force_login(crear_revisor())
    assert "Cerrar el mes" not in client.get(RESUMEN, {"mes": "2026-10"}).content.decode()
    assert client.get(CERRAR, {"mes": "2026-10"}).status_code == 403
    assert client.post(CERRAR, {"mes": "2026-10"}).status_code == 403
    assert not CierreMes.objects.exists()


def test_the_close_page_shows_what_will_be_frozen_and_closes_on_post(como_gerente, octubre):
    html = como_gerente.get(CERRAR, {"mes": "2026-10"}).content.decode()
    assert "Cerrar octubre 2026" in html
    assert "Ana López" in html
    assert "$20.00" in html
    respuesta = como_gerente.post(CERRAR, {"mes": "2026-10"}, follow=True)
    cierre = CierreMes.objects.get()
    assert respuesta.redirect_chain[-1][0] == reverse(
        "admin:sales_cierremes_change", args=[cierre.pk]
    )
    assert mensajes(respuesta) == ["Cerraste octubre 2026: 1 estado de cuenta."]
    assert cierre.cerrado_por == "gerente"
    resumen = como_gerente.get(RESUMEN, {"mes": "2026-10"}).content.decode()
    assert "Mes cerrado: estados de cuenta" in resumen
    assert "Reabrir el mes" not in resumen


def test_pending_sales_are_listed_and_must_be_left_out_explicitly(como_gerente, octubre):
    ana, _ = octubre
    pendiente = VentaFactory(vendedor=ana, fecha=en(OCTUBRE), estado=Estado.EN_REVISION)
    html = como_gerente.get(CERRAR, {"mes": "2026-10"}).content.decode()
    assert f"Venta #{pendiente.pk}" in html
    assert 'name="excluir"' in html
    respuesta = como_gerente.post(CERRAR, {"mes": "2026-10"})
    assert "tiene 1 venta en revisión o esperando foto" in mensajes(respuesta)[0]
    assert not CierreMes.objects.exists()
    como_gerente.post(CERRAR, {"mes": "2026-10", "excluir": "1"})
    cierre = CierreMes.objects.get()
    assert cierre.excluidas == [pendiente.pk]
    ficha = como_gerente.get(reverse("admin:sales_cierremes_change", args=[cierre.pk]))
    assert f">Venta #{pendiente.pk}</a>" in ficha.content.decode()


def test_the_current_month_has_no_close_form(como_gerente, octubre):
    html = como_gerente.get(CERRAR).content.decode()
    assert "aún no termina" in html
    assert "Cerrar el mes</button>" not in html
    hoy = timezone.localdate()
    respuesta = como_gerente.post(CERRAR, {"mes": f"{hoy:%Y-%m}"})
    assert "aún no termina" in mensajes(respuesta)[0]


def test_only_a_superuser_reopens(client, como_gerente, superusuario, octubre):
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    reabrir = reverse("admin:sales_cierremes_reabrir", args=[cierre.pk])
    assert como_gerente.get(reabrir).status_code == 403
    assert como_gerente.post(reabrir, {"motivo": "x"}).status_code == 403
    client.force_login(superusuario)
    ficha = client.get(reverse("admin:sales_cierremes_change", args=[cierre.pk])).content.decode()
    assert f'href="{reabrir}"' in ficha
    assert "Reabrir el mes" in client.get(RESUMEN, {"mes": "2026-10"}).content.decode()
    respuesta = client.post(reabrir, {"motivo": "Faltó una venta"}, follow=True)
    assert "Reabriste octubre 2026" in mensajes(respuesta)[0]
    cierre.refresh_from_db()
    assert (cierre.estado, cierre.motivo_reapertura) == ("reabierto", "Faltó una venta")
    close_month(mes=OCTUBRE, actor="gerente")
    estados = reverse("admin:sales_estadocuenta_changelist")
    for vigencia, cuantos in (("si", 1), ("no", 1), ("", 2)):
        lista = client.get(estados, {"vigente": vigencia} if vigencia else {})
        assert lista.context["cl"].result_count == cuantos


def test_statements_and_adjustments_are_read_only_for_a_manager(como_gerente, octubre):
    _, venta = octubre
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    estado = cierre.estados_cuenta.get()
    ledger.void_sale(venta=venta, actor="@ana")
    ajuste = ajuste_de(venta)
    for modelo, objeto in (("estadocuenta", estado), ("ajuste", ajuste), ("cierremes", cierre)):
        lista = como_gerente.get(reverse(f"admin:sales_{modelo}_changelist"))
        assert lista.status_code == 200
        assert "Agregar " not in lista.content.decode().replace("Agregar vínculo", "")
        ficha = como_gerente.get(reverse(f"admin:sales_{modelo}_change", args=[objeto.pk]))
        assert ficha.status_code == 200
        assert 'name="_save"' not in ficha.content.decode()
        assert como_gerente.get(reverse(f"admin:sales_{modelo}_add")).status_code == 403
    ficha = como_gerente.get(reverse("admin:sales_estadocuenta_change", args=[estado.pk]))
    assert "$20.00" in ficha.content.decode()
    assert "-$20.00" in como_gerente.get(reverse("admin:sales_ajuste_changelist")).content.decode()
