"""The screenshots of the store's manual (docs/es/manual.md), taken from the real pages in
Chromium: `make capturas` writes them into docs/es/capturas/; a plain test run writes them to
var/test-artifacts/manual/ and checks each page is the one the manual describes. The review
card's picture is drawn from the card the stand-in Mattermost holds."""

import base64
import datetime as dt
import html
import os
import re
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


def test_the_manuals_review_card(navegador, mm, hook, worker, ocr, settings, live_server):
    """The card as the reviewers' channel shows it, drawn from the post the stand-in holds (its
    text, its image and its buttons): Mattermost itself does not run here."""
    from tests.browser.test_review_desk_in_chromium import venta_marcada
    from tests.e2e.test_review_cards import card

    settings.MATTERMOST_CANAL_REVISION = mm.gerencia.id
    settings.SALESBOT_PUBLIC_URL = live_server.url
    settings.SALESBOT_ADMIN_URL = "https://ventas.mitienda.mx"
    venta_marcada(mm, worker, ocr)  # a drawn ticket whose total the reading outlines
    tarjeta = card(mm)
    imagen = base64.b64encode(mm.mm.file_info(tarjeta.file_ids[0]).content).decode()
    DESTINO.mkdir(parents=True, exist_ok=True)
    pagina = DESTINO / "tarjeta.html"
    pagina.write_text(card_page(tarjeta, imagen), encoding="utf-8")
    navegador.set_window_size(760, 900)
    navegador.get(pagina.as_uri())
    assert "Aprobar con lo del ticket" in navegador.execute_script("return document.body.innerText")
    navegador.save_screenshot(str(DESTINO / "tarjeta-de-revision.png"))
    pagina.unlink()


def card_page(tarjeta, imagen_base64: str) -> str:
    enlace = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")  # Markdown links, as Mattermost shows them
    lineas = [
        enlace.sub(r'<a href="\2">\1</a>', html.escape(linea).replace("**", ""))
        for linea in tarjeta.message.splitlines()
    ]
    adjunto = tarjeta.props["attachments"][0]
    botones = "".join(
        f'<button class="{html.escape(a.get("style", ""))}">{html.escape(a["name"])}</button>'
        for a in adjunto.get("actions", [])
    )
    return f"""<!doctype html><html lang="es-MX"><meta charset="utf-8">
<style>
body {{ font: 14px sans-serif; margin: 16px; color: #3f4350; }}
.autor {{ font-weight: bold; }} .hora {{ color: #888; font-weight: normal; margin-left: .5em; }}
.adjunto {{ border-left: 4px solid {adjunto.get("color", "#ccc")}; padding: 8px 12px;
  margin: 8px 0; }}
button {{ margin: 4px 6px 0 0; padding: 6px 12px; border: 1px solid #ccc; border-radius: 4px;
  background: #fff; }}
button.success {{ color: #06d6a0; }} button.danger {{ color: #d24b4e; }}
button.primary {{ color: #1c58d9; }} img {{ max-width: 320px; border: 1px solid #ddd; }}
</style>
<p class="autor">salesbot <span class="hora">BOT</span></p>
<p>{"<br>".join(lineas)}</p>
<img src="data:image/jpeg;base64,{imagen_base64}" alt="Foto del ticket">
<div class="adjunto"><p>{html.escape(adjunto["text"])}</p>{botones}</div>
</html>"""
