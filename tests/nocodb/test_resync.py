"""`nocodb_resync` compares NocoDB with the ledger, reports missing / different / extra rows,
and puts the ledger's values back (only reports with --dry-run)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from integrations.nocodb.client import to_decimal
from sales.models import Detalle, Meta, Venta
from sales.services import goals

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def resync(*args: str) -> str:
    salida = io.StringIO()
    call_command("nocodb_resync", *args, stdout=salida, stderr=io.StringIO())
    return salida.getvalue()


def fila_resumen(salida: str, tabla: str) -> list[int]:
    linea = next(x for x in salida.splitlines() if x.startswith(tabla))
    return [int(x) for x in linea.split()[1:]]


@pytest.fixture
def tres_ventas(nocodb, vender, worker):
    ventas = [vender(cliente=f"Cliente {n}", monto=f"{n}00.00") for n in (1, 2, 3)]
    worker()
    return [Venta.objects.get(pk=v.pk) for v in ventas]


def test_it_reports_and_fixes_missing_different_and_extra_rows(nocodb, tres_ventas):
    faltante, distinta, _igual = tres_ventas
    nocodb.borrar("Venta", faltante.nocodb_id)
    nocodb.editar("Venta", {"Id": distinta.nocodb_id, "monto": "1.00", "cliente": "Otro"})
    nocodb.crear("Venta", {"local_id": 999_999, "cliente": "de nadie"})

    simulacion = resync("--all", "--dry-run")

    # filas, iguales, faltan, difieren, sobran, adoptadas
    assert fila_resumen(simulacion, "Venta") == [3, 1, 1, 1, 1, 0]
    assert f"falta Venta {faltante.pk}" in simulacion
    assert f"Venta {distinta.pk} difiere en cliente, monto" in simulacion
    assert "no se escribió nada" in simulacion
    assert 999_999 in nocodb.copias_por_local_id("Venta")

    # Deleting a sale in NocoDB unlinked its line item: it is linked again (4th row).
    assert "Corregido: 4 filas escritas" in resync("--all")

    assert nocodb.copias_por_local_id("Venta") == {v.pk: 1 for v in tres_ventas}
    assert to_decimal(nocodb.fila("Venta", distinta.pk)["monto"]) == Decimal("200.00")
    nuevo_id = nocodb.fila("Venta", faltante.pk)["Id"]
    assert Venta.objects.get(pk=faltante.pk).nocodb_id == nuevo_id
    detalle = faltante.detalles.get()
    assert nocodb.fila("Detalle", detalle.pk)[nocodb.fk("Detalle", "Venta")] == nuevo_id
    assert "NocoDB coincide con el libro" in resync("--all")


def test_one_sale_is_compared_alone(nocodb, tres_ventas):
    una, otra, _ = tres_ventas
    nocodb.editar("Venta", {"Id": una.nocodb_id, "cliente": "cambiado"})
    nocodb.editar("Venta", {"Id": otra.nocodb_id, "cliente": "cambiado"})

    resync("--venta", str(una.pk))

    assert nocodb.fila("Venta", una.pk)["cliente"] == "Cliente 1"
    assert nocodb.fila("Venta", otra.pk)["cliente"] == "cambiado"


def test_since_a_day_leaves_older_sales_alone(nocodb, vender, worker):
    vieja = vender(cliente="vieja", fecha=timezone.now() - dt.timedelta(days=40))
    nueva = vender(cliente="nueva")
    worker()
    for venta in (vieja, nueva):
        venta.refresh_from_db()
        nocodb.editar("Venta", {"Id": venta.nocodb_id, "cliente": "cambiado"})

    salida = resync("--since", (timezone.localdate() - dt.timedelta(days=7)).isoformat())

    assert fila_resumen(salida, "Venta")[:4] == [1, 0, 0, 1]
    assert nocodb.fila("Venta", nueva.pk)["cliente"] == "nueva"
    assert nocodb.fila("Venta", vieja.pk)["cliente"] == "cambiado"


def test_a_line_item_the_ledger_no_longer_has_is_removed(nocodb, tres_ventas):
    venta = tres_ventas[0]
    nocodb.crear(
        "Detalle",
        {
            "local_id": 888_888,
            "descripcion": "fantasma",
            nocodb.fk("Detalle", "Venta"): venta.nocodb_id,
        },
    )

    resync("--venta", str(venta.pk))

    assert set(nocodb.copias_por_local_id("Detalle")) == set(
        Detalle.objects.values_list("pk", flat=True)
    )


def test_a_mirror_switched_on_later_catches_up_with_resync_all(
    nocodb_servidor, nocodb, vender, settings, worker
):
    settings.NOCODB_URL = ""
    ventas = [vender(cliente=f"Cliente {n}") for n in range(5)]
    assert worker() == 0  # the mirror was off: nothing was recorded
    settings.NOCODB_URL = nocodb_servidor.url

    salida = resync("--all")

    assert fila_resumen(salida, "Venta")[2] == 5
    assert nocodb.copias_por_local_id("Venta") == {v.pk: 1 for v in ventas}


def test_a_goal_edited_in_the_grid_whose_webhook_was_lost_wins(nocodb, vender, worker):
    vendedor = vender().vendedor
    meta = goals.set_goal(
        vendedor=vendedor, mes=dt.date(2026, 11, 1), monto=Decimal("500"), tubos=5, actor="admin"
    )
    worker()
    meta.refresh_from_db()
    nocodb.editar("Meta", {"Id": meta.nocodb_id, "monto": "750"})  # the hook goes nowhere

    resync("--all")

    assert Meta.objects.get(pk=meta.pk).monto == Decimal("750")


def test_a_goal_typed_in_the_grid_without_local_id_is_adopted(nocodb, vender, worker):
    vendedor = vender().vendedor
    worker()
    vendedor.refresh_from_db()
    fila_id = nocodb.crear(
        "Meta",
        {
            "mes": "2026-10-01",
            "monto": "900",
            "tubos": 2,
            nocodb.fk("Meta", "Vendedor"): vendedor.nocodb_id,
        },
    )

    assert fila_resumen(resync("--all"), "Meta")[5] == 1

    meta = Meta.objects.get(vendedor=vendedor)
    assert (meta.mes, meta.monto, meta.nocodb_id) == (dt.date(2026, 10, 1), Decimal("900"), fila_id)
