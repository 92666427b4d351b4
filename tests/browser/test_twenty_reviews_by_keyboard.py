"""A reviewer settles 20 flagged sales with the keyboard only, one after another (each decision
opens the next sale), and the test counts the requests each decision costs. Also: the seller's
message beside the photo, the photo zoomed and turned in the page, the ticket's date beside the
sale's, the queue's filters."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from sales.models import Auditoria, Estado, Venta
from tests.browser.test_review_desk_in_chromium import entrar, esperar
from tests.helpers.mesa import crear_revisor, vender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Requests the page's own load made to the application: the navigation (with the redirect of the
# decision's POST) and every resource that is not a static file (in production static files are
# cached for good by whitenoise's headers; the test server sends none, so Chromium may revalidate
# them now and then: they are counted apart).
PETICIONES = """
const nav = performance.getEntriesByType("navigation")[0];
const red = performance.getEntriesByType("resource").filter(r => r.transferSize > 0);
const estaticos = red.filter(r => new URL(r.name).pathname.startsWith("/static/")).length;
return {redirecciones: nav.redirectCount, recursos: red.length - estaticos, estaticos};
"""


FOTO_CARGADA = """
const foto = document.querySelector("img.comprobante");
return document.readyState === "complete" && foto.complete && foto.naturalWidth > 0;
"""


def teclas(navegador, *secuencia):
    acciones = ActionChains(navegador)
    for tecla in secuencia:
        acciones.send_keys(tecla)
    acciones.perform()


def test_twenty_flagged_sales_settled_with_the_keyboard(navegador, live_server, captura):
    ventas = [vender(f"@monto 1600 @cliente Cliente {n} @tubos 5") for n in range(20)]
    revisora = crear_revisor("revisora")
    primera = reverse("admin:sales_venta_revisar", args=[ventas[0].pk])
    entrar(navegador, live_server, revisora, primera)
    captura("1-primera-venta")

    por_decision, estaticos = [], []
    for n, venta in enumerate(ventas):
        esperar(navegador, lambda d, v=venta: d.current_url.endswith(f"/{v.pk}/revisar/"))
        if n % 2 == 0:
            teclas(navegador, "t", "a")  # keep the ticket's values, approve
        else:
            teclas(navegador, "r", "El ticket es de otra tienda")
            acciones = ActionChains(navegador).key_down(Keys.CONTROL).send_keys(Keys.ENTER)
            acciones.key_up(Keys.CONTROL).perform()
        siguiente = ventas[n + 1].pk if n + 1 < len(ventas) else None
        if siguiente:
            esperar(navegador, lambda d, s=siguiente: d.current_url.endswith(f"/{s}/revisar/"))
            esperar(navegador, lambda d: d.execute_script(FOTO_CARGADA))
            medida = navegador.execute_script(PETICIONES)
            # The decision's POST, its redirect's GET, and what that page fetched.
            por_decision.append(1 + medida["redirecciones"] + medida["recursos"])
            estaticos.append(medida["estaticos"])
    esperar(navegador, lambda d: d.current_url.endswith(reverse("admin:sales_venta_revision")))
    captura("2-cola-vacia")

    estados = list(Venta.objects.order_by("id").values_list("estado", flat=True))
    assert estados == [Estado.APROBADA, Estado.RECHAZADA] * 10
    decisiones = Auditoria.objects.filter(actor="revisora", accion__in=["aprobar", "rechazar"])
    assert decisiones.count() == 20
    assert {a.nota for a in decisiones.filter(accion="aprobar")} == {
        "Monto: lo del ticket; tubos: lo del ticket."
    }
    print(f"requests per decision: {por_decision}; static files fetched: {estaticos}")
    # A decision costs its POST, the next sale's page and that sale's photo.
    assert min(por_decision) >= 3, por_decision  # the photo was counted
    assert max(por_decision) <= 3, por_decision


def test_the_page_shows_the_message_the_dates_and_turns_the_photo(navegador, live_server):
    venta = vender("@monto 1600 @cliente Juan @tubos 5 @nota pagó con tarjeta")
    entrar(
        navegador,
        live_server,
        crear_revisor(),
        reverse("admin:sales_venta_revisar", args=[venta.pk]),
    )
    mensaje = navegador.find_element(By.CSS_SELECTOR, "details.mensaje")
    assert mensaje.get_attribute("open") is not None
    assert "pagó con tarjeta" in mensaje.text
    assert "Fecha" in navegador.find_element(By.CSS_SELECTOR, "table.comparacion").text
    foto = navegador.find_element(By.CSS_SELECTOR, "img.comprobante")
    teclas(navegador, "+", "g")
    transformacion = navegador.execute_script("return arguments[0].style.transform", foto)
    assert transformacion == "scale(1.25) rotate(90deg)"
    assert "Atajos de teclado" in navegador.find_element(By.CSS_SELECTOR, "aside.atajos").text


def test_the_queue_filters_by_seller_and_keeps_the_filter_from_sale_to_sale(navegador, live_server):
    de_ana = [vender(usuario="ana") for _ in range(2)]
    vender(usuario="beto")
    entrar(navegador, live_server, crear_revisor(), reverse("admin:sales_venta_revision"))
    navegador.find_element(By.CSS_SELECTOR, "#vendedor option[value='ana']").click()
    navegador.find_element(By.XPATH, "//button[text()='Filtrar']").click()
    esperar(navegador, lambda d: "vendedor=ana" in d.current_url)
    assert len(navegador.find_elements(By.CSS_SELECTOR, "article.tarjeta")) == 2
    navegador.find_element(By.CSS_SELECTOR, "a.una-por-una").click()
    esperar(navegador, lambda d: f"/{de_ana[0].pk}/revisar/" in d.current_url)
    teclas(navegador, "t", "a")
    esperar(navegador, lambda d: f"/{de_ana[1].pk}/revisar/?vendedor=ana" in d.current_url)
