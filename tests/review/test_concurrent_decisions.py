"""Two reviewers clicking at once on the same sale produce one decision (PostgreSQL: row locks)."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from sales.models import Auditoria, AvisoMattermost, Estado
from tests.helpers.mesa import crear_revisor, vender

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_deciding_the_same_round_at_once_make_one_decision():
    venta = vender()
    revisores = [crear_revisor("ana"), crear_revisor("luis")]
    decisiones = [
        {"decision": "aprobar", "monto": "leido"},
        {"decision": "rechazar", "razon": "El ticket no es de esta venta"},
    ]
    barrera = threading.Barrier(2)

    def decidir(n):
        client = Client()
        client.force_login(revisores[n])
        url = reverse("admin:sales_venta_revisar", args=[venta.pk])
        datos = {
            "ronda": venta.ronda_revision,
            "version": venta.version,
            "monto": "escrito",
            "tubos": "escrito",
            **decisiones[n],
        }
        try:
            barrera.wait()
            respuesta = client.post(
                url, {f"v{venta.pk}-{k}": v for k, v in datos.items()}, follow=True
            )
            # The page itself, not `respuesta.context`: the test client collects rendered
            # contexts through a global signal, so threads would see each other's.
            return re.findall(r'<li class="(?:success|error)">(.*?)</li>', respuesta.text)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        mensajes = [m for lista in pool.map(decidir, range(2)) for m in lista]

    decisiones_hechas = Auditoria.objects.filter(venta=venta, accion__in=["aprobar", "rechazar"])
    assert decisiones_hechas.count() == 1
    venta.refresh_from_db()
    assert venta.estado in (Estado.APROBADA, Estado.RECHAZADA)
    assert AvisoMattermost.objects.filter(venta=venta, clave__contains=":decision:").count() == 1
    assert sum("ya estaba decidida" in m for m in mensajes) == 1
    assert sum(m.startswith(f"Venta #{venta.pk} ") for m in mensajes) == 1
    assert len(mensajes) == 2
