"""A manager in a real browser: compares a draft plan with "¿Y si…?" (nothing is saved), closes
October from the month overview (the seller gets the statement by direct message in the
stand-in Mattermost, PNG attached); a superuser reopens it with a reason."""

from decimal import Decimal

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from sales.closing.models import CierreMes, EstadoCuenta, EstadoPlan, PlanComision
from sales.models import Auditoria
from tests.browser.test_review_desk_in_chromium import entrar, esperar
from tests.closing.conftest import OCTUBRE, SEPTIEMBRE, crear_gerente, crear_plan, en
from tests.factories import MetaFactory, VendedorFactory, VentaFactory
from tests.helpers.mesa import CLAVE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def octubre(mm):
    """Juan (the stand-in's seller) sold twice in October under $10 per tube above 3."""
    crear_plan(vigente_desde=SEPTIEMBRE)
    juan = VendedorFactory(mm_user_id=mm.seller.id, username="juan.vendedor", nombre="juan")
    MetaFactory(vendedor=juan, mes=OCTUBRE, monto=Decimal("5000.00"), tubos=10)
    VentaFactory(vendedor=juan, fecha=en(OCTUBRE, 3), tubos=5, comision=Decimal("20.00"))
    VentaFactory(vendedor=juan, fecha=en(OCTUBRE, 9), tubos=8, comision=Decimal("50.00"))
    return juan


def texto(navegador) -> str:
    """The page as shown, in lower case (the admin's CSS capitalises headers and tools)."""
    # One script call: the page may be replaced between finding an element and reading it.
    return navegador.execute_script("return document.body.innerText").casefold()


def cargada(navegador) -> bool:
    return navegador.execute_script("return document.readyState") == "complete"


def test_a_manager_compares_a_draft_plan_and_nothing_is_saved(navegador, live_server, octubre):
    borrador = crear_plan(
        nombre="Borrador 2027",
        vigente_desde=OCTUBRE,
        estado=EstadoPlan.BORRADOR,
        umbral=2,
        por_tubo=Decimal("15.00"),
    )
    planes = list(PlanComision.objects.order_by("pk").values())
    entrar(navegador, live_server, crear_gerente(), reverse("admin:sales_plancomision_changelist"))
    navegador.find_element(By.XPATH, "//a[normalize-space(.)='¿Y si…?']").click()
    # The link's page loaded to the end before the next navigation: a load still under way
    # replaced the page the test reads next (a stale element, seen once in CI).
    esperar(navegador, lambda d: "que-pasaria-si" in d.current_url and cargada(d))
    # October, in the month list (named in Spanish) of a page opened on it.
    navegador.get(f"{navegador.current_url.split('?')[0]}?mes=2026-10")
    Select(navegador.find_element(By.ID, "plan")).select_by_value(str(borrador.pk))
    mes = Select(navegador.find_element(By.ID, "mes"))
    assert mes.first_selected_option.text == "octubre 2026"
    navegador.find_element(By.XPATH, "//button[text()='Comparar']").click()
    # The page may already compare the draft with the current month: wait for October's.
    esperar(navegador, lambda d: "mes=2026-10" in d.current_url and "borrador 2027" in texto(d))

    fila = navegador.find_element(By.CSS_SELECTOR, f"tr.vendedor-{octubre.pk}").text
    # Now: $20 + $50. Under the draft, $15 per tube above 2: $45 + $90.
    assert "$70.00" in fila
    assert "$135.00" in fila
    assert "$65.00" in fila
    assert list(PlanComision.objects.order_by("pk").values()) == planes
    assert not CierreMes.objects.exists()


def test_a_manager_closes_october_and_the_seller_gets_the_statement(
    navegador, live_server, octubre, mm, worker
):
    resumen = f"{reverse('admin:sales_venta_resumen')}?mes=2026-10"
    entrar(navegador, live_server, crear_gerente(), resumen)
    navegador.find_element(By.XPATH, "//a[normalize-space(.)='Cerrar el mes']").click()
    esperar(navegador, lambda d: "cerrar octubre 2026" in texto(d))
    assert "juan" in texto(navegador)
    navegador.find_element(By.CSS_SELECTOR, "form.cerrar button[type=submit]").click()
    esperar(navegador, lambda d: "cerraste octubre 2026: 1 estado de cuenta." in texto(d))

    estado = EstadoCuenta.objects.get()
    assert (estado.total, estado.cerrado_por) == (Decimal("70.00"), "gerente")
    worker()
    [post] = [p for p in mm.mm.posts(mm.seller_dm) if p.user_id == mm.bot.id]
    assert "| **Total a pagar** | **$70.00** |" in post.message
    assert mm.mm.file_info(post.file_ids[0]).mime_type == "image/png"

    navegador.get(f"{live_server.url}{resumen}")
    assert "mes cerrado: estados de cuenta" in texto(navegador)
    assert "cerrar el mes" not in texto(navegador)


def test_a_superuser_reopens_a_closed_month_with_a_reason(navegador, live_server, octubre):
    from django.contrib.auth.models import User

    from sales.closing.statements import close_month

    cierre = close_month(mes=OCTUBRE, actor="gerente")
    jefa = User.objects.create_superuser("jefa", "jefa@example.com", CLAVE)
    entrar(navegador, live_server, jefa, reverse("admin:sales_cierremes_change", args=[cierre.pk]))
    navegador.find_element(By.XPATH, "//a[normalize-space(.)='Reabrir el mes']").click()
    navegador.find_element(By.TAG_NAME, "textarea").send_keys("Faltó una venta de Juan")
    navegador.find_element(By.XPATH, "//button[text()='Reabrir el mes']").click()
    esperar(navegador, lambda d: "reabriste octubre 2026" in texto(d))

    cierre.refresh_from_db()
    assert (cierre.estado, cierre.motivo_reapertura) == (
        CierreMes.Estado.REABIERTO,
        "Faltó una venta de Juan",
    )
    assert Auditoria.objects.filter(accion="reabrir_mes", actor="jefa").count() == 1
    assert EstadoCuenta.objects.filter(cierre=cierre).count() == 1  # kept, superseded
