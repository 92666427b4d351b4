"""Rejecting needs a reason; the seller reads it in the thread and the sale stops counting."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sales.models import Auditoria, AvisoMattermost, Estado
from tests.helpers.mesa import vender

pytestmark = pytest.mark.django_db


def rechazar(client, venta, razon):
    datos = {
        "ronda": venta.ronda_revision,
        "version": venta.version,
        "decision": "rechazar",
        "monto": "escrito",
        "tubos": "escrito",
        "razon": razon,
    }
    url = reverse("admin:sales_venta_revisar", args=[venta.pk])
    return client.post(url, {f"v{venta.pk}-{k}": v for k, v in datos.items()})


def test_rejecting_with_a_reason_zeroes_the_commission_and_tells_the_seller_why(
    como_revisor, revisor
):
    venta = vender()
    rechazar(como_revisor, venta, "El ticket es de otra sucursal")
    venta.refresh_from_db()
    assert (venta.estado, venta.comision) == (Estado.RECHAZADA, Decimal("0.00"))
    entrada = Auditoria.objects.filter(venta=venta).latest("id")
    assert (entrada.accion, entrada.actor, entrada.nota) == (
        "rechazar",
        revisor.username,
        "El ticket es de otra sucursal",
    )
    respuesta = AvisoMattermost.objects.get(venta=venta, clave__contains=":decision:")
    assert "**rechazada**" in respuesta.mensaje
    assert "Razón: El ticket es de otra sucursal" in respuesta.mensaje
    emojis = AvisoMattermost.objects.filter(venta=venta, clave__contains=f"v{venta.version}")
    assert list(emojis.exclude(tipo="respuesta").order_by("id").values_list("tipo", "emoji")) == [
        ("quitar_reaccion", "warning"),
        ("reaccion", "x"),
    ]


def test_rejecting_without_a_reason_is_refused_with_a_visible_message(como_revisor):
    venta = vender()
    respuesta = rechazar(como_revisor, venta, "   ")
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "No se registró la decisión: Para rechazar hay que escribir la razón." in html
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION
    assert not Auditoria.objects.filter(venta=venta, accion="rechazar").exists()
