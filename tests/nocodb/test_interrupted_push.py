"""A push cut after NocoDB wrote but before salesbot recorded it leaves no duplicate."""

from __future__ import annotations

import pytest

from integrations.nocodb import batch
from integrations.nocodb.models import ItemSync, Turno
from sales.handlers import sweep
from sales.models import Venta

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


class TrabajadorMuerto(BaseException):
    """The worker process dies (kill -9): no except clause of ours runs."""


def test_an_error_after_the_write_does_not_duplicate_the_rows(nocodb, proxy, vender, worker):
    ventas = [vender(cliente=f"Cliente {n}") for n in range(3)]
    # NocoDB gets the first insert (the sellers) and writes it, salesbot never hears back;
    # same for the retry's first write.
    proxy.escribir_y_cortar(veces=2)

    worker()

    assert proxy.cortadas == 2
    assert nocodb.copias_por_local_id("Vendedor") == {ventas[0].vendedor_id: 1}
    assert set(nocodb.copias_por_local_id("Venta").values()) == {1}
    assert len(nocodb.copias_por_local_id("Venta")) == 3
    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()


def test_a_worker_killed_before_recording_the_ids_leaves_no_duplicate(
    nocodb, vender, worker, monkeypatch, settings
):
    ventas = [vender(cliente=f"Cliente {n}") for n in range(3)]

    def muere(self, tabla, lote, **kwargs):
        raise TrabajadorMuerto

    with monkeypatch.context() as m:
        m.setattr(batch.PushRound, "_succeeded", muere)
        worker()  # the task dies right after NocoDB created the first rows

    assert nocodb.copias_por_local_id("Vendedor") == {ventas[0].vendedor_id: 1}
    assert not Venta.objects.filter(nocodb_id__isnull=False).exists()
    # A restart: the lease of the dead worker runs out and the sweep re-queues its items.
    Turno.objects.update(hasta=Turno.objects.get().hasta.replace(year=2000))
    settings.BARRIDO_GRACIA = 0
    assert sweep.sweep()["nocodb"] > 0
    worker()

    assert nocodb.copias_por_local_id("Vendedor") == {ventas[0].vendedor_id: 1}
    assert nocodb.copias_por_local_id("Venta") == {v.pk: 1 for v in ventas}
    assert not Venta.objects.filter(nocodb_id__isnull=True).exists()


def test_a_row_already_in_nocodb_under_the_local_id_is_adopted_not_doubled(nocodb, vender, worker):
    venta = vender(cliente="López")
    # The mapping was lost: NocoDB has the row, salesbot does not know its Id.
    nocodb.crear("Venta", {"local_id": venta.pk, "cliente": "versión vieja"})

    worker()

    assert nocodb.copias_por_local_id("Venta") == {venta.pk: 1}
    assert nocodb.fila("Venta", venta.pk)["cliente"] == "López"
