"""The sales list and the review queue on a phone (390×844) and a desktop (1366×900): the state
first, compact local dates, the month's totals at the top, no horizontal scrolling on the list,
and the queue's Aprobar within one screen of the photo."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from sales.models import Estado
from tests.browser.test_review_desk_in_chromium import entrar, esperar
from tests.factories import VendedorFactory, VentaFactory
from tests.helpers.mesa import crear_revisor, vender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PANTALLAS = [(1366, 900), (390, 844)]


@pytest.mark.parametrize("pantalla", PANTALLAS, ids=["escritorio", "telefono"])
def test_the_sales_list_starts_with_the_state_and_the_months_totals(
    navegador, live_server, captura, pantalla
):
    navegador.set_window_size(*pantalla)
    ana = VendedorFactory(username="ana", nombre="Ana López")
    hoy = timezone.localtime()
    for n in range(3):
        VentaFactory(
            vendedor=ana, fecha=hoy - dt.timedelta(minutes=n), cliente=f"Cliente {n}", tubos=5
        )
    VentaFactory(vendedor=ana, fecha=hoy, estado=Estado.EN_REVISION, monto=Decimal("9000"))
    entrar(navegador, live_server, crear_revisor(), reverse("admin:sales_venta_changelist"))
    captura("lista-de-ventas")

    totales = navegador.find_element(By.CSS_SELECTOR, "p.totales-mes").text
    assert "3 ventas que cuentan · $4,500.00 · 15 tubos · comisión $60.00 · 1 en revisión" in (
        totales
    )
    encabezados = navegador.find_elements(By.CSS_SELECTOR, "#result_list thead th")
    visibles = [th.get_attribute("class") for th in encabezados if th.is_displayed()]
    assert "column-estado" in visibles[0]
    primera = navegador.find_element(By.CSS_SELECTOR, "#result_list tbody tr")
    assert f"{hoy:%d/%m %H:%M}" in primera.text
    assert navegador.execute_script("return document.documentElement.scrollWidth") <= pantalla[0]
    # The list itself does not scroll sideways either: the amount is in view.
    resultados = navegador.find_element(By.CSS_SELECTOR, ".results")
    ancho = navegador.execute_script(
        "return [arguments[0].scrollWidth, arguments[0].clientWidth]", resultados
    )
    assert ancho[0] <= ancho[1], ancho


@pytest.mark.parametrize("pantalla", PANTALLAS, ids=["escritorio", "telefono"])
def test_the_queues_approve_is_within_one_screen_of_the_photo(
    navegador, live_server, captura, pantalla
):
    navegador.set_window_size(*pantalla)
    venta = vender()
    entrar(navegador, live_server, crear_revisor(), reverse("admin:sales_venta_revision"))
    tarjeta = navegador.find_element(By.ID, f"venta-{venta.pk}")
    foto = tarjeta.find_element(By.CSS_SELECTOR, "img.comprobante")
    esperar(navegador, lambda d: d.execute_script("return arguments[0].complete", foto))
    aprobar = tarjeta.find_element(By.CSS_SELECTOR, "button.aprobar")
    distancia = navegador.execute_script(
        "return arguments[1].getBoundingClientRect().bottom"
        " - arguments[0].getBoundingClientRect().top",
        foto,
        aprobar,
    )
    captura("cola")
    assert distancia <= pantalla[1]
    assert navegador.execute_script("return document.documentElement.scrollWidth") <= pantalla[0]
