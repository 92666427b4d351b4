"""A reviewer in a real browser: logs in, sees the flagged sale's photo with the total outlined,
approves it with the read amount and it leaves the queue; the ledger, the audit trail and the
stand-in Mattermost's thread and reactions confirm it. A reject without a reason is refused."""

import dataclasses
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from ocr.result import Box
from sales.models import Auditoria, Estado, Motivo, Venta
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver, emojis
from tests.helpers.mesa import CLAVE, crear_revisor
from tests.helpers.ocr import default_reading

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pixels of the outline's red in the image the browser shows (drawn on a canvas: same origin).
ROJOS_EN_LA_FOTO = """
const img = arguments[0];
const lienzo = document.createElement("canvas");
lienzo.width = img.naturalWidth;
lienzo.height = img.naturalHeight;
const ctx = lienzo.getContext("2d");
ctx.drawImage(img, 0, 0);
const d = ctx.getImageData(0, 0, lienzo.width, lienzo.height).data;
let rojos = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i] > 170 && d[i + 1] < 100 && d[i + 2] < 120) rojos++;
}
return rojos;
"""


def esperar(navegador, condicion):
    return WebDriverWait(navegador, 20).until(condicion)


def ticket() -> tuple[bytes, Box]:
    """A receipt photo and where its total is printed (what the OCR would report)."""
    imagen = Image.new("RGB", (360, 560), "white")
    dibujo = ImageDraw.Draw(imagen)
    letra = ImageFont.load_default(size=20)
    for y, linea in ((30, "FERRETERIA EL TUBO"), (120, "5 TUBO PVC 1/2  1,500.00")):
        dibujo.text((30, y), linea, fill="black", font=letra)
    left, top, right, bottom = dibujo.textbbox((30, 420), "TOTAL  $1,500.00", font=letra)
    dibujo.text((30, 420), "TOTAL  $1,500.00", fill="black", font=letra)
    salida = io.BytesIO()
    imagen.save(salida, format="JPEG", quality=90)
    return salida.getvalue(), Box(left, top, right - left, bottom - top)


def venta_marcada(mm, worker, ocr):
    """A seller posts a sale whose typed amount ($1,600) is not the receipt's ($1,500)."""
    imagen, caja = ticket()
    ocr.returns(dataclasses.replace(default_reading(), total_box=caja, width=360, height=560))
    post = deliver(
        mm, mm.ventas, "@monto 1600 @cliente Juan @tubos 5", files=[("ticket.jpg", imagen)]
    )
    worker()
    venta = Venta.objects.get(post_id=post["id"])
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.MONTO_NO_COINCIDE)
    assert emojis(mm, post) == ["warning"]
    return post, venta


def entrar(navegador, live_server, usuario, destino):
    navegador.get(f"{live_server.url}{reverse('admin:login')}?next={destino}")
    navegador.find_element(By.ID, "id_username").send_keys(usuario.username)
    navegador.find_element(By.ID, "id_password").send_keys(CLAVE)
    navegador.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # The login page's own address holds `next=destino`: wait for the page after it.
    esperar(navegador, lambda d: d.current_url == f"{live_server.url}{destino}")


def test_a_reviewer_approves_a_flagged_sale_with_the_read_amount(
    mm, hook, worker, ocr, live_server, navegador, captura
):
    post, venta = venta_marcada(mm, worker, ocr)
    revisora = crear_revisor("revisora")
    entrar(navegador, live_server, revisora, reverse("admin:sales_venta_revision"))

    tarjeta = navegador.find_element(By.ID, f"venta-{venta.pk}")
    foto = tarjeta.find_element(By.CSS_SELECTOR, "img.comprobante")
    navegador.execute_script("arguments[0].scrollIntoView()", foto)
    esperar(
        navegador,
        lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", foto
        ),
    )
    assert navegador.execute_script(ROJOS_EN_LA_FOTO, foto) > 100
    assert "$1,600.00" in tarjeta.text
    assert "$1,500.00" in tarjeta.text
    assert "6.67 %" in tarjeta.text
    assert "El monto no coincide" in tarjeta.text
    assert "TOTAL 1500.00" in tarjeta.text
    navegador.execute_script("window.scrollTo(0, 0)")
    captura("1-cola-con-la-foto")

    tarjeta.find_element(By.CSS_SELECTOR, f"input[name='v{venta.pk}-monto'][value='leido']").click()
    tarjeta.find_element(By.CSS_SELECTOR, "button.aprobar").click()
    aviso = esperar(navegador, ec.visibility_of_element_located((By.CSS_SELECTOR, "li.success")))
    assert f"Venta #{venta.pk} aprobada: $1,500.00, 5 tubos, comisión $20.00" in aviso.text
    assert not navegador.find_elements(By.ID, f"venta-{venta.pk}")
    captura("2-aprobada-y-fuera-de-la-cola")

    venta.refresh_from_db()
    assert (venta.estado, venta.monto, venta.comision) == (
        Estado.APROBADA,
        Decimal("1500.00"),
        Decimal("20.00"),
    )
    entrada = Auditoria.objects.filter(venta=venta).latest("id")
    assert (entrada.accion, entrada.actor) == ("aprobar", "revisora")
    worker()
    assert (
        "Tu venta fue **aprobada** con $1,500.00 del ticket en lugar de $1,600.00 por revisora: "
        "$1,500.00"
    ) in bot_replies(mm, post)[-1].message
    assert emojis(mm, post) == ["white_check_mark"]


def test_a_reject_without_a_reason_is_refused_with_a_visible_message(
    mm, hook, worker, ocr, live_server, navegador, captura
):
    post, venta = venta_marcada(mm, worker, ocr)
    revisora = crear_revisor("revisora")
    entrar(navegador, live_server, revisora, reverse("admin:sales_venta_revision"))

    tarjeta = navegador.find_element(By.ID, f"venta-{venta.pk}")
    tarjeta.find_element(By.CSS_SELECTOR, "button.rechazar").click()
    error = esperar(navegador, ec.visibility_of_element_located((By.CSS_SELECTOR, "li.error")))
    assert "Para rechazar hay que escribir la razón." in error.text
    campo = navegador.find_element(By.CSS_SELECTOR, f"#venta-{venta.pk} .errornote")
    assert campo.is_displayed()
    captura("rechazo-sin-razon")

    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION
    assert not Auditoria.objects.filter(venta=venta, accion="rechazar").exists()
    worker()
    assert emojis(mm, post) == ["warning"]
