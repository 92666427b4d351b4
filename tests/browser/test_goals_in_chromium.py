"""A manager sets the month's goals in a real browser, desktop and phone: from the goals list to
the month's page, copies last month's, changes one and saves; a bad value is refused in
Spanish."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from sales.models import Auditoria, Meta
from sales.services import goals
from tests.browser.test_review_desk_in_chromium import entrar, esperar
from tests.closing.conftest import crear_gerente
from tests.factories import VendedorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def texto(navegador) -> str:
    return navegador.execute_script("return document.body.innerText")


@pytest.mark.parametrize("pantalla", [(1366, 900), (390, 844)], ids=["escritorio", "telefono"])
def test_a_manager_copies_last_months_goals_and_saves_them(
    navegador, live_server, captura, pantalla
):
    navegador.set_window_size(*pantalla)
    ana = VendedorFactory(username="ana", nombre="Ana López")
    beto = VendedorFactory(username="beto", nombre="Beto Ruiz")
    hoy = dt.date.today().replace(day=1)
    anterior = (hoy - dt.timedelta(days=1)).replace(day=1)
    goals.set_goal(vendedor=ana, mes=anterior, monto=Decimal("9000"), tubos=25, actor="x")
    entrar(navegador, live_server, crear_gerente(), reverse("admin:sales_meta_changelist"))
    navegador.find_element(By.XPATH, "//a[normalize-space(.)='Metas del mes']").click()
    navegador.find_element(By.CSS_SELECTOR, "a.copiar").click()
    esperar(navegador, lambda d: "Copiadas de" in texto(d))
    monto_beto = navegador.find_element(By.CSS_SELECTOR, f"tr.vendedor-{beto.pk} input[type=text]")
    monto_beto.send_keys("mil y pico")
    navegador.find_element(By.CSS_SELECTOR, f"tr.vendedor-{beto.pk} input[type=number]").send_keys(
        "10"
    )
    navegador.find_element(By.XPATH, "//button[text()='Guardar metas']").click()
    esperar(navegador, lambda d: "No entiendo el monto «mil y pico»" in texto(d))
    assert not Meta.objects.filter(mes=hoy).exists()

    monto_beto = navegador.find_element(By.CSS_SELECTOR, f"tr.vendedor-{beto.pk} input[type=text]")
    monto_beto.clear()
    monto_beto.send_keys("4,500")
    captura("metas-antes-de-guardar")
    navegador.find_element(By.XPATH, "//button[text()='Guardar metas']").click()
    esperar(navegador, lambda d: "2 cambiaron." in texto(d))
    captura("metas-guardadas")

    assert {(m.vendedor_id, m.monto, m.tubos) for m in Meta.objects.filter(mes=hoy)} == {
        (ana.pk, Decimal("9000.00"), 25),
        (beto.pk, Decimal("4500.00"), 10),
    }
    assert Auditoria.objects.filter(accion="crear_meta", actor="gerente").count() == 2
    ancho = navegador.execute_script("return document.documentElement.scrollWidth")
    assert ancho <= pantalla[0]  # no horizontal scrolling, also on a phone
