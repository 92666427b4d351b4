"""The ledger's services: states, commission, audit entries and the replies they queue."""

from decimal import Decimal

import pytest
from django.utils import timezone

from integrations.mattermost.types import Post
from ocr.testing import fake_reading
from sales import rules
from sales.models import Auditoria, AvisoMattermost, Detalle, Estado, Motivo, Venta
from sales.parsing import MensajeVenta
from sales.receipts import Foto
from sales.services import ledger, review
from tests.factories import MetaFactory, VendedorFactory, VentaFactory, mm_id

pytestmark = pytest.mark.django_db


def post(n=1, *, files=("9k3e5h1q3jfrzgqytpwqkqpr6h",), user=None, root_id=None):
    return Post(
        id=mm_id(n),
        channel_id=mm_id(500),
        user_id=user or mm_id(600),
        user_name="juan.vendedor",
        message="@monto 1500 @cliente Juan @tubos 5",
        create_at=int(timezone.now().timestamp() * 1000),
        file_ids=files,
        root_id=root_id,
    )


MENSAJE = MensajeVenta(monto=Decimal("1500.00"), cliente="Juan", tubos=5, producto="Tubo PVC")


def foto_verificable(seed: str) -> Foto:
    """A photo whose reading matches MENSAJE ($1,500.00, 5 tubes)."""
    reading = fake_reading(total="1500.00", items=[(5, "TUBO PVC", "1500.00")], image=seed.encode())
    return Foto(
        "9k3e5h1q3jfrzgqytpwqkqpr6h", reading.sha256, f"comprobantes/{seed}", 10, reading=reading
    )


def registrar(post_=None, evaluacion=None):
    """Register as the worker does; a post with files stands for a verified receipt."""
    post_ = post_ or post()
    if evaluacion is None and post_.file_ids:
        evaluacion = rules.evaluate(MENSAJE, foto_verificable(post_.id))
    return ledger.register_sale(
        post=post_, mensaje=MENSAJE, fuente="webhook", evaluacion=evaluacion
    )


def replies(venta):
    return list(
        AvisoMattermost.objects.filter(venta=venta, tipo="respuesta")
        .order_by("id")
        .values_list("mensaje", flat=True)
    )


def reactions(venta):
    return list(
        AvisoMattermost.objects.filter(venta=venta)
        .exclude(tipo="respuesta")
        .order_by("id")
        .values_list("tipo", "emoji")
    )


def test_registering_stores_the_rule_the_commission_and_an_audit_entry():
    venta = registrar()
    assert (venta.estado, venta.comision) == (Estado.REGISTRADA, Decimal("20.00"))
    assert (venta.comision_por_tubo, venta.comision_umbral) == (Decimal("10"), 3)
    entry = Auditoria.objects.get(venta=venta)
    assert (entry.accion, entry.actor, entry.antes) == ("registrar", "sistema", None)
    assert entry.despues["estado"] == "registrada"


def test_an_approval_after_the_rule_changed_uses_the_rule_stored_with_the_sale(settings):
    venta = registrar(post(files=()))  # under 10 per tube above 3
    settings.COMISION_POR_TUBO = Decimal("50")
    settings.COMISION_UMBRAL_TUBOS = 5
    venta = review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="ana", tubos=8)
    # 10 × (8 − 3); the current settings would give 50 × (8 − 5) = 150.
    assert venta.comision == Decimal("50.00")
    assert (venta.comision_por_tubo, venta.comision_umbral) == (Decimal("10"), 3)


def test_a_correction_after_the_rule_changed_uses_the_rule_stored_with_the_sale(settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    venta = registrar(post(files=()))
    settings.COMISION_POR_TUBO = Decimal("50")
    settings.COMISION_UMBRAL_TUBOS = 5
    nuevo = MensajeVenta(monto=Decimal("1500"), cliente="Juan", tubos=8)
    venta = ledger.correct_sale(venta=venta, mensaje=nuevo, actor="mattermost:edit")
    assert venta.comision == Decimal("50.00")
    venta.refresh_from_db()
    assert venta.comision == Decimal("50.00")


def test_the_typed_product_becomes_a_typed_line_item_beside_the_items_read():
    venta = registrar()
    assert venta.detalles.filter(origen=Detalle.Origen.RECIBO).count() == 1
    detalle = venta.detalles.get(origen=Detalle.Origen.TECLEADO)
    assert (detalle.descripcion, detalle.cantidad, detalle.importe, detalle.origen) == (
        "Tubo PVC",
        5,
        Decimal("1500.00"),
        Detalle.Origen.TECLEADO,
    )


def test_registering_the_same_post_twice_returns_the_first_sale():
    first = registrar()
    assert registrar() == first
    assert Venta.objects.count() == 1


def test_a_sale_without_photo_opens_review_round_one():
    venta = registrar(post(files=()))
    assert (venta.estado, venta.motivo, venta.ronda_revision) == (
        Estado.EN_REVISION,
        Motivo.SIN_COMPROBANTE,
        1,
    )
    assert reactions(venta) == [("reaccion", "warning")]


def test_the_reply_shows_progress_against_the_month_meta():
    vendedor = VendedorFactory(mm_user_id=mm_id(600))
    MetaFactory(vendedor=vendedor, monto=Decimal("6000"), tubos=20)
    venta = registrar()
    [texto] = replies(venta)
    assert "$1,500.00 de $6,000.00 (25 %)" in texto
    assert "5 de 20 tubos" in texto


def test_approving_recomputes_the_commission_with_the_chosen_tubes_and_swaps_the_reaction():
    venta = registrar(post(files=()))
    venta = review.decide_review(
        venta=venta, ronda=1, aprobar=True, revisor="ana", monto=Decimal("1400"), tubos=8
    )
    assert (venta.estado, venta.monto, venta.tubos, venta.comision) == (
        Estado.APROBADA,
        Decimal("1400"),
        8,
        Decimal("50.00"),
    )
    assert reactions(venta)[-2:] == [
        ("quitar_reaccion", "warning"),
        ("reaccion", "white_check_mark"),
    ]
    assert (
        "aprobada** con $1,400.00 en lugar de $1,500.00 y 8 tubos en lugar de 5 por ana"
        in replies(venta)[-1]
    )
    assert Auditoria.objects.filter(venta=venta, accion="aprobar", actor="ana").exists()


def test_a_round_is_decided_once():
    venta = registrar(post(files=()))
    review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="ana")
    with pytest.raises(review.VentaYaDecidida):
        review.decide_review(venta=venta, ronda=1, aprobar=False, revisor="luis", razon="x")


def test_a_decision_on_a_sale_that_changed_since_it_was_seen_is_refused():
    venta = registrar(post(files=()))
    seen = venta.version
    ledger.correct_sale(venta=venta, mensaje=MENSAJE, actor="mattermost:edit")
    with pytest.raises(review.VentaYaDecidida):
        review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="ana", version=seen)


def test_rejecting_needs_a_reason_and_zeroes_the_commission():
    venta = registrar(post(files=()))
    with pytest.raises(ValueError, match="razón"):
        review.decide_review(venta=venta, ronda=1, aprobar=False, revisor="ana", razon=" ")
    venta = review.decide_review(
        venta=venta, ronda=1, aprobar=False, revisor="ana", razon="Ticket de otra tienda"
    )
    assert (venta.estado, venta.comision) == (Estado.RECHAZADA, Decimal("0.00"))
    assert "Razón: Ticket de otra tienda" in replies(venta)[-1]
    assert reactions(venta)[-1] == ("reaccion", "x")


def test_correcting_an_undecided_sale_changes_amount_and_commission(settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    venta = registrar(post(files=()))
    nuevo = MensajeVenta(monto=Decimal("2000"), cliente="Juan P.", tubos=7)
    venta = ledger.correct_sale(venta=venta, mensaje=nuevo, actor="mattermost:edit")
    assert (venta.monto, venta.tubos, venta.comision, venta.version) == (
        Decimal("2000"),
        7,
        Decimal("40.00"),
        2,
    )
    assert not venta.detalles.exists()
    assert "Corregí la venta" in replies(venta)[-1]


def test_a_correction_is_judged_again_against_the_receipt_it_has():
    venta = registrar()
    assert venta.estado == Estado.REGISTRADA
    nuevo = MensajeVenta(monto=Decimal("2000"), cliente="Juan", tubos=5)
    venta = ledger.correct_sale(venta=venta, mensaje=nuevo, actor="mattermost:edit")
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.MONTO_NO_COINCIDE)
    assert "El ticket dice $1,500.00 y escribiste $2,000.00" in venta.motivo_detalle
    back = MensajeVenta(monto=Decimal("1490"), cliente="Juan", tubos=5)
    venta = ledger.correct_sale(venta=venta, mensaje=back, actor="mattermost:edit")
    assert venta.estado == Estado.REGISTRADA


def test_correcting_a_decided_sale_flags_it_again_in_a_new_round():
    venta = registrar(post(files=()))
    review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="ana")
    nuevo = MensajeVenta(monto=Decimal("9000"), cliente="Juan", tubos=30)
    venta = ledger.correct_sale(venta=venta, mensaje=nuevo, actor="mattermost:edit")
    assert (venta.estado, venta.motivo, venta.ronda_revision) == (
        Estado.EN_REVISION,
        Motivo.EDITADA_TRAS_DECISION,
        2,
    )
    assert venta.monto == Decimal("1500.00")  # not changed: a reviewer decides again


def test_voiding_keeps_the_sale_reverses_commission_and_removes_the_reaction():
    venta = registrar()
    venta = ledger.void_sale(venta=venta, actor="mattermost:delete")
    assert (venta.estado, venta.comision) == (Estado.ANULADA, Decimal("0.00"))
    assert reactions(venta)[-1] == ("quitar_reaccion", "white_check_mark")
    entry = Auditoria.objects.filter(venta=venta).first()
    assert (entry.accion, entry.antes["comision"]) == ("anular", "20.00")


def test_voided_and_flagged_sales_do_not_count_toward_progress():
    from sales.reports.figures import month_of, progress

    vendedor = VendedorFactory()
    VentaFactory(vendedor=vendedor, monto=Decimal("100"), tubos=4, estado=Estado.REGISTRADA)
    VentaFactory(vendedor=vendedor, monto=Decimal("200"), tubos=5, estado=Estado.APROBADA)
    VentaFactory(vendedor=vendedor, monto=Decimal("400"), tubos=9, estado=Estado.EN_REVISION)
    VentaFactory(vendedor=vendedor, monto=Decimal("800"), tubos=9, estado=Estado.ANULADA)
    p = progress(vendedor, month_of(timezone.now()))
    assert (p.monto, p.tubos, p.ventas) == (Decimal("300"), 9, 2)
