"""The operators' retry actions on inbound events and Mattermost replies still work."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from sales.models import AvisoMattermost, EventoEntrante

pytestmark = pytest.mark.django_db


def accion(client, modelo, accion, objetos):
    url = reverse(f"admin:sales_{modelo}_changelist")
    return client.post(
        url, {"action": accion, helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objetos]}
    )


def test_a_given_up_reply_is_queued_again(admin_client):
    aviso = AvisoMattermost.objects.create(
        clave="p:respuesta:v1",
        tipo="respuesta",
        post_id="p",
        channel_id="c",
        mensaje="hola",
        estado=AvisoMattermost.EstadoEnvio.ABANDONADO,
        intentos=7,
    )
    accion(admin_client, "avisomattermost", "reintentar", [aviso])
    aviso.refresh_from_db()
    assert (aviso.estado, aviso.intentos) == (AvisoMattermost.EstadoEnvio.PENDIENTE, 0)


def test_an_event_that_failed_is_queued_again(admin_client):
    evento = EventoEntrante.objects.create(
        clave="p",
        post_id="p",
        fuente="webhook",
        payload={},
        resultado=EventoEntrante.Resultado.ERROR,
        intentos=7,
    )
    accion(admin_client, "eventoentrante", "reintentar", [evento])
    evento.refresh_from_db()
    assert (evento.resultado, evento.intentos) == (EventoEntrante.Resultado.PENDIENTE, 0)
