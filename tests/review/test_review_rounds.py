"""A review round is decided once; a sale flagged again later opens a new round."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sales import rules
from sales.models import Auditoria, Estado, Motivo
from sales.parsing import parse_message
from sales.services import ledger
from tests.helpers.images import jpeg
from tests.helpers.mesa import foto_leida, lectura_de, vender

pytestmark = pytest.mark.django_db


def decidir(client, venta, *, ronda, version, decision="aprobar", razon=""):
    datos = {
        "ronda": ronda,
        "version": version,
        "decision": decision,
        "monto": "escrito",
        "tubos": "escrito",
        "razon": razon,
    }
    url = reverse("admin:sales_venta_revisar", args=[venta.pk])
    respuesta = client.post(url, {f"v{venta.pk}-{k}": v for k, v in datos.items()}, follow=True)
    return [str(m) for m in respuesta.context["messages"]]


def test_a_second_decision_on_the_same_round_is_refused_and_the_first_stands(como_revisor):
    venta = vender()
    visto = (venta.ronda_revision, venta.version)
    decidir(como_revisor, venta, ronda=visto[0], version=visto[1])
    mensajes = decidir(
        como_revisor, venta, ronda=visto[0], version=visto[1], decision="rechazar", razon="tarde"
    )
    assert any("ya estaba decidida" in m for m in mensajes)
    venta.refresh_from_db()
    assert venta.estado == Estado.APROBADA
    assert Auditoria.objects.filter(venta=venta, accion__in=["aprobar", "rechazar"]).count() == 1


def test_a_sale_edited_after_the_decision_comes_back_in_a_new_round(como_revisor):
    venta = vender()
    decidir(como_revisor, venta, ronda=1, version=venta.version)
    venta = ledger.correct_sale(
        venta=venta, mensaje=parse_message("@monto 1700 @cliente Juan @tubos 5"), actor="juan"
    )
    assert (venta.estado, venta.motivo, venta.ronda_revision) == (
        Estado.EN_REVISION,
        Motivo.EDITADA_TRAS_DECISION,
        2,
    )
    html = como_revisor.get(reverse("admin:sales_venta_revision")).content.decode()
    assert f'id="venta-{venta.pk}"' in html
    assert f'name="v{venta.pk}-ronda" value="2"' in html
    assert any(
        "ya estaba decidida" in m
        for m in decidir(
            como_revisor, venta, ronda=1, version=venta.version, decision="rechazar", razon="x"
        )
    )
    decidir(
        como_revisor,
        venta,
        ronda=2,
        version=venta.version,
        decision="rechazar",
        razon="Ya se había pagado",
    )
    venta.refresh_from_db()
    assert (venta.estado, venta.comision) == (Estado.RECHAZADA, Decimal("0.00"))


def test_a_sale_that_changed_while_the_reviewer_looked_is_not_decided_blind(como_revisor):
    imagen = jpeg("foto con el total cortado")
    venta = vender(imagen=imagen, reading=lectura_de(imagen, total=None))
    visto = venta.version
    nueva = jpeg("la foto buena")
    foto = foto_leida(nueva, lectura_de(nueva, total="1400"))
    evaluacion = rules.evaluate(parse_message(venta.mensaje), foto)
    otra = ledger.attach_receipt(venta=venta, evaluacion=evaluacion)
    assert (otra.estado, otra.ronda_revision) == (Estado.EN_REVISION, venta.ronda_revision)
    mensajes = decidir(como_revisor, venta, ronda=venta.ronda_revision, version=visto)
    assert any("cambió mientras la revisabas" in m for m in mensajes)
    otra.refresh_from_db()
    assert otra.estado == Estado.EN_REVISION
