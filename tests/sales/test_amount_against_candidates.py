"""The typed amount is the question: when the reading named no total blind, the amount is still
verified when the candidates within tolerance of it are likely enough the total (with their
evidence kept for the reviewer), never when a rival holds too much of that probability, and
never against any other amount printed on the receipt."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from ocr.result import Candidate
from ocr.testing import fake_reading
from sales import rules
from sales.admin import VentaAdmin
from sales.models import Estado, Motivo, Venta
from sales.parsing import MensajeVenta
from sales.receipts import Foto

TOLERANCIA = Decimal("0.05")
CUADRA = (
    "en una línea de total",
    "cuadra con las otras cifras (subtotal e impuesto, pago y cambio)",
)


def con_probabilidad(evidencia: tuple[str, ...], porcentaje: int) -> tuple[str, ...]:
    return (*evidencia, f"{porcentaje} % de probabilidad de ser el total")


def abstained(*candidates: Candidate):
    return replace(fake_reading(total=None), candidates=candidates)


def test_an_amount_matching_a_well_supported_candidate_is_verified_with_its_evidence():
    reading = abstained(
        Candidate(Decimal("104.40"), 2.6, CUADRA, 0.75), Candidate(Decimal("90"), 1.0, (), 0.1)
    )
    check = rules.check_amount(Decimal("104.40"), reading, TOLERANCIA)
    assert check.outcome == rules.VERIFICADO
    assert check.total == Decimal("104.40")
    assert check.evidence == con_probabilidad(CUADRA, 75)
    assert rules.check_amount(Decimal("101"), reading, TOLERANCIA).verified  # within 5 %


@pytest.mark.parametrize("typed", ["90", "130.50", "83.52"])
def test_any_other_amount_is_not_verified(typed):
    reading = abstained(
        Candidate(Decimal("104.40"), 2.6, CUADRA, 0.75), Candidate(Decimal("90"), 1.0, (), 0.1)
    )
    check = rules.check_amount(Decimal(typed), reading, TOLERANCIA)
    assert check.outcome == rules.TOTAL_ILEGIBLE
    assert check.total is None


def test_two_readings_of_one_total_a_few_cents_apart_both_answer_yes():
    """7.70 and 7.72 (a misread digit, or the total before rounding): whichever is the total,
    an amount within tolerance of both is within tolerance of the total."""
    reading = abstained(
        Candidate(Decimal("182.00"), 3.2, ("en una línea de total",), 0.45),
        Candidate(Decimal("181.98"), 2.9, ("en la línea del total a pagar",), 0.4),
    )
    for typed in ("182.00", "181.98"):
        check = rules.check_amount(Decimal(typed), reading, TOLERANCIA)
        assert check.verified
        assert check.total == Decimal("182.00")  # the likelier of the two is shown
        assert check.evidence[-1] == "85 % de probabilidad de ser el total"  # the two together


def test_a_rival_close_in_evidence_but_not_in_value_verifies_neither():
    reading = abstained(
        Candidate(Decimal("182.00"), 3.2, ("en una línea de total",), 0.45),
        Candidate(Decimal("181.98"), 3.1, ("en una línea de total",), 0.1),
        Candidate(Decimal("150.00"), 2.9, ("en una línea parecida a un total",), 0.4),
    )
    for typed in ("182.00", "150.00"):
        assert rules.check_amount(Decimal(typed), reading, TOLERANCIA).outcome == (
            rules.TOTAL_ILEGIBLE
        )


def test_a_weak_candidate_verifies_nothing():
    weak = rules.VERIFICA_PROBABILIDAD - 0.01
    reading = abstained(Candidate(Decimal("42.00"), 1.0, (), weak))
    assert not rules.check_amount(Decimal("42.00"), reading, TOLERANCIA).verified
    strong = abstained(Candidate(Decimal("42.00"), 1.0, (), rules.VERIFICA_PROBABILIDAD))
    assert rules.check_amount(Decimal("42.00"), strong, TOLERANCIA).verified


def test_a_reading_stored_before_probabilities_verifies_nothing_by_itself():
    """Its scores were on another scale: a reviewer looks rather than a guess."""
    stored = {"value": "42.00", "score": 6.1, "evidence": ["en una línea de total"]}
    reading = abstained(Candidate.from_dict(stored))
    assert not rules.check_amount(Decimal("42.00"), reading, TOLERANCIA).verified


def test_a_chosen_total_still_decides_and_carries_its_evidence():
    reading = replace(
        fake_reading(total="104.40"),
        candidates=(
            Candidate(Decimal("104.40"), 6.1, CUADRA, 0.9),
            Candidate(Decimal("90"), 1.0, (), 0.05),
        ),
    )
    evidence = rules.check_amount(Decimal("104.40"), reading, TOLERANCIA).evidence
    assert evidence == con_probabilidad(CUADRA, 90)
    mismatch = rules.check_amount(Decimal("90"), reading, TOLERANCIA)
    assert mismatch.outcome == rules.MONTO_NO_COINCIDE


@pytest.mark.django_db
def test_the_sale_keeps_why_it_was_verified_and_the_admin_says_it(settings):
    settings.VENTA_REQUIERE_COMPROBANTE = True
    reading = abstained(Candidate(Decimal("1500.00"), 2.6, CUADRA, 0.75))
    foto = Foto(file_id="f" * 26, sha256="c" * 64, archivo="t.jpg", tamano=1, reading=reading)
    mensaje = MensajeVenta(monto=Decimal("1500"), cliente="Juan", tubos=0)
    evaluacion = rules.evaluate(mensaje, foto, cuando=timezone.now())
    assert evaluacion.estado == Estado.REGISTRADA
    assert evaluacion.motivo != Motivo.TOTAL_ILEGIBLE
    assert evaluacion.verificacion == con_probabilidad(CUADRA, 75)
    assert evaluacion.total_verificado == Decimal("1500.00")
    venta = Venta(monto=Decimal("1500"), tubos=0, fecha=timezone.now() - dt.timedelta(hours=1))
    venta.lectura = {**reading.to_dict(), "verificacion": list(evaluacion.verificacion)}
    venta.monto_leido = evaluacion.total_verificado
    texto = VentaAdmin.comparacion(None, venta)
    assert "leído $1,500.00" in texto
    assert "El total leído es el del ticket: en una línea de total, cuadra con" in texto
    assert "75 % de probabilidad de ser el total." in texto
