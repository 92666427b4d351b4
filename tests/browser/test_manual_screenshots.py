"""The screenshots of the store's manual (docs/es/manual.md), taken from the real pages in
Chromium: `make capturas` writes them into docs/es/capturas/; a plain test run writes them to
var/test-artifacts/manual/ and checks each page is the one the manual describes."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sales.services import goals
from tests.browser.test_review_desk_in_chromium import entrar
from tests.closing.conftest import crear_gerente
from tests.factories import VendedorFactory, VentaFactory
from tests.helpers.mesa import crear_revisor, vender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESTINO = (
    Path(settings.BASE_DIR) / "docs" / "es" / "capturas"
    if os.environ.get("SALESBOT_CAPTURAS_MANUAL")
    else Path(settings.BASE_DIR) / "var" / "test-artifacts" / "manual"
)


@pytest.fixture
def tienda():
    """Three sellers with this month's sales and goals, and two flagged sales."""
    mes = timezone.localdate().replace(day=1)
    for usuario, nombre, monto, tubos in (
        ("ana", "Ana López", "24000", 60),
        ("beto", "Beto Ruiz", "15000", 40),
        ("carla", "Carla Díaz", "9000", 25),
    ):
        vendedor = VendedorFactory(username=usuario, nombre=nombre)
        goals.set_goal(
            vendedor=vendedor, mes=mes, monto=Decimal(monto), tubos=tubos, actor="gerente"
        )
        for n in range(3):
            VentaFactory(
                vendedor=vendedor,
                fecha=timezone.now() - dt.timedelta(hours=n + 1),
                monto=Decimal(monto) / 6,
                tubos=tubos // 6,
                comision=Decimal("30.00"),
            )
    vender("@monto 1600 @cliente Ferretería Sol @tubos 5", usuario="dani.vendedor")
    vender("@monto 2300 @cliente Tlapalería Luna @tubos 8", usuario="eli.vendedora")


PAGINAS = [
    ("cola-de-revision", "admin:sales_venta_revision", "revisor", "Cola de revisión"),
    ("lista-de-ventas", "admin:sales_venta_changelist", "revisor", "ventas que cuentan"),
    ("resumen-del-mes", "admin:sales_venta_resumen", "gerente", "Resumen de"),
    ("metas-del-mes", "admin:sales_meta_del_mes", "gerente", "Metas de"),
    ("planes-de-comision", "admin:sales_plancomision_changelist", "gerente", "¿Y si…?"),
]


def test_the_manuals_pages(navegador, live_server, tienda):
    DESTINO.mkdir(parents=True, exist_ok=True)
    usuarios = {"revisor": crear_revisor(), "gerente": crear_gerente()}
    actual = None
    for nombre, ruta, quien, se_ve in PAGINAS:
        url = reverse(ruta)
        if actual != quien:
            navegador.delete_all_cookies()
            entrar(navegador, live_server, usuarios[quien], url)
            actual = quien
        navegador.set_window_size(1366, 900)
        navegador.get(f"{live_server.url}{url}")
        assert (
            se_ve.casefold()
            in navegador.execute_script("return document.body.innerText").casefold()
        )
        navegador.save_screenshot(str(DESTINO / f"{nombre}.png"))
        assert (DESTINO / f"{nombre}.png").stat().st_size > 10_000
    navegador.set_window_size(390, 844)
    navegador.get(f"{live_server.url}{reverse('admin:sales_venta_resumen')}")
    navegador.save_screenshot(str(DESTINO / "telefono-resumen.png"))
