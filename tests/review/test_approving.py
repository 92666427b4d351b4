"""Approving keeps the amount and tubes the reviewer chose, through the decision service:
commission, audit entry, the seller's reply and reaction, the NocoDB sync."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from integrations.nocodb.models import ItemSync
from sales.models import Auditoria, AvisoMattermost, Estado
from tests.helpers.mesa import vender

pytestmark = pytest.mark.django_db


def aprobar(client, venta, **campos):
    datos = {
        "ronda": venta.ronda_revision,
        "version": venta.version,
        "decision": "aprobar",
        "monto": "escrito",
        "tubos": "escrito",
        **campos,
    }
    url = reverse("admin:sales_venta_revisar", args=[venta.pk])
    return client.post(url, {f"v{venta.pk}-{k}": v for k, v in datos.items()})


def avisos(venta):
    return list(
        AvisoMattermost.objects.filter(venta=venta, clave__contains=":decision:").values_list(
            "mensaje", flat=True
        )
    ), list(
        AvisoMattermost.objects.filter(venta=venta, clave__contains=f"v{venta.version}")
        .exclude(tipo="respuesta")
        .order_by("id")
        .values_list("tipo", "emoji")
    )


def test_approving_with_the_read_amount_keeps_it_and_tells_the_seller(como_revisor, revisor):
    venta = vender("@monto 1600 @cliente Juan @tubos 5")
    respuesta = aprobar(como_revisor, venta, monto="leido")
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("admin:sales_venta_revision")
    venta.refresh_from_db()
    assert (venta.estado, venta.monto, venta.tubos, venta.comision) == (
        Estado.APROBADA,
        Decimal("1500.00"),
        5,
        Decimal("20.00"),
    )
    [mensaje] = [str(m) for m in get_messages(respuesta.wsgi_request)]
    assert mensaje.startswith(f"Venta #{venta.pk} aprobada: $1,500.00, 5 tubos, comisión $20.00")
    entrada = Auditoria.objects.filter(venta=venta).latest("id")
    assert (entrada.accion, entrada.actor) == ("aprobar", revisor.username)
    assert (entrada.antes["monto"], entrada.despues["monto"]) == ("1600.00", "1500.00")
    [respuesta_hilo], reacciones = avisos(venta)
    assert entrada.nota == "Monto: lo del ticket; tubos: lo escrito."
    assert (
        "Tu venta fue **aprobada** con $1,500.00 del ticket en lugar de $1,600.00 por "
        f"{revisor.username}: $1,500.00"
    ) in respuesta_hilo
    assert reacciones == [("quitar_reaccion", "warning"), ("reaccion", "white_check_mark")]


def test_approving_with_corrected_amount_and_tubes_recomputes_the_commission(como_revisor):
    venta = vender("@monto 1600 @cliente Juan @tubos 5")
    aprobar(
        como_revisor,
        venta,
        monto="corregido",
        monto_corregido="1,550.50",
        tubos="corregido",
        tubos_corregidos="8",
    )
    venta.refresh_from_db()
    assert (venta.monto, venta.tubos, venta.comision) == (Decimal("1550.50"), 8, Decimal("50.00"))


def test_approving_with_the_read_tubes_keeps_them(como_revisor):
    venta = vender("@monto 1500 @cliente Juan @tubos 9")
    aprobar(como_revisor, venta, tubos="leido")
    venta.refresh_from_db()
    assert (venta.estado, venta.tubos, venta.comision) == (Estado.APROBADA, 5, Decimal("20.00"))


def test_approving_keeps_what_was_typed_by_default(como_revisor):
    venta = vender("@monto 1600 @cliente Juan @tubos 5")
    aprobar(como_revisor, venta)
    venta.refresh_from_db()
    assert (venta.estado, venta.monto) == (Estado.APROBADA, Decimal("1600.00"))


def test_a_corrected_amount_that_is_not_one_is_refused_in_spanish(como_revisor):
    venta = vender()
    respuesta = aprobar(como_revisor, venta, monto="corregido", monto_corregido="mil y pico")
    assert respuesta.status_code == 200
    assert "No entiendo el monto «mil y pico»" in respuesta.content.decode()
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION


def test_the_read_amount_cannot_be_chosen_when_nothing_was_read(como_revisor):
    venta = vender(con_foto=False)
    respuesta = aprobar(como_revisor, venta, monto="leido")
    assert "Seleccione una opción válida" in respuesta.content.decode()
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION


def test_the_decision_is_queued_for_nocodb(como_revisor, settings):
    settings.NOCODB_URL = "http://nocodb.invalid"
    settings.NOCODB_API_TOKEN = "token-de-prueba"
    venta = vender()
    ItemSync.objects.all().delete()
    aprobar(como_revisor, venta, monto="leido")
    assert ItemSync.objects.filter(tabla="Venta", objeto_id=venta.pk).exists()


def test_a_corrected_amount_left_empty_is_asked_for(como_revisor):
    venta = vender()
    respuesta = aprobar(como_revisor, venta, monto="corregido", monto_corregido=" ")
    assert "Escribe el monto corregido." in respuesta.content.decode()


def test_a_corrected_value_typed_without_choosing_it_is_not_silently_ignored(como_revisor):
    venta = vender()
    respuesta = aprobar(como_revisor, venta, monto="leido", monto_corregido="1,550.00")
    assert (
        "Escribiste un monto corregido: elige «Corregido» o bórralo." in respuesta.content.decode()
    )
    respuesta = aprobar(como_revisor, venta, tubos="escrito", tubos_corregidos="7")
    assert (
        "Escribiste tubos corregidos: elige «Corregido» o bórralos." in respuesta.content.decode()
    )
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION
