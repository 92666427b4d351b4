"""Approving never pays what the seller typed by default: where the ticket disagrees, nothing is
preselected and the reviewer must choose; the choice is audited; the seller reads what changed
and who decided (by name); a rejection's reason reaches `/ventas` too."""

import re

import pytest
from django.urls import reverse

from sales.models import Auditoria, AvisoMattermost, Estado
from sales.reports import answers
from sales.reports.figures import month_of
from tests.helpers.mesa import vender

pytestmark = pytest.mark.django_db
COLA = reverse("admin:sales_venta_revision")


def marcados(html: str, venta, campo: str) -> list[str]:
    """The values of the radio buttons of `campo` checked when the card opens."""
    entradas = re.findall(rf'<input[^>]*name="v{venta.pk}-{campo}"[^>]*>', html)
    return [re.search(r'value="(\w+)"', e).group(1) for e in entradas if "checked" in e]


def decidir(client, venta, **campos):
    datos = {"ronda": venta.ronda_revision, "version": venta.version, **campos}
    url = reverse("admin:sales_venta_revisar", args=[venta.pk])
    return client.post(url, {f"v{venta.pk}-{k}": v for k, v in datos.items()}, follow=True)


def test_on_an_amount_mismatch_no_amount_is_preselected(como_revisor):
    venta = vender("@monto 1600 @cliente Juan @tubos 5")  # the ticket reads $1,500, 5 tubes
    html = como_revisor.get(COLA).content.decode()
    assert marcados(html, venta, "monto") == []
    assert marcados(html, venta, "tubos") == ["escrito"]  # typed and read agree
    assert 'placeholder="1,500.00"' not in html


def test_approving_without_choosing_the_amount_is_refused_in_spanish(como_revisor):
    venta = vender("@monto 1600 @cliente Juan @tubos 5")
    respuesta = decidir(como_revisor, venta, decision="aprobar", tubos="escrito")
    assert (
        "Elige qué monto se queda: lo escrito, lo del ticket o una corrección."
        in respuesta.content.decode()
    )
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION
    assert not Auditoria.objects.filter(venta=venta, accion="aprobar").exists()


def test_rejecting_needs_no_choice_of_amount_and_reaches_ventas_with_its_reason(
    como_revisor, revisor
):
    venta = vender("@monto 1600 @cliente Juan @tubos 5")
    decidir(como_revisor, venta, decision="rechazar", razon="El ticket es de otra tienda")
    venta.refresh_from_db()
    assert venta.estado == Estado.RECHAZADA
    tabla = answers.my_sales(venta.vendedor, month_of(venta.fecha))
    assert ":x: Rechazada: El ticket es de otra tienda |" in tabla


def test_the_seller_reads_what_changed_and_the_reviewers_name(como_revisor, revisor):
    revisor.first_name, revisor.last_name = "Lucía", "Pérez"
    revisor.save()
    venta = vender("@monto 1600 @cliente Juan @tubos 5")
    decidir(como_revisor, venta, decision="aprobar", monto="leido", tubos="escrito")
    [mensaje] = AvisoMattermost.objects.filter(
        venta=venta, clave__contains=":decision:"
    ).values_list("mensaje", flat=True)
    assert mensaje.startswith(
        ":white_check_mark: Tu venta fue **aprobada** con $1,500.00 del ticket en lugar de "
        "$1,600.00 por Lucía Pérez: $1,500.00"
    )
    entrada = Auditoria.objects.get(venta=venta, accion="aprobar")
    assert (entrada.actor, entrada.nota) == (
        revisor.username,
        "Monto: lo del ticket; tubos: lo escrito.",
    )
