"""Ledger changes waiting to be pushed to NocoDB.

Services call `registrar(obj)` inside their transaction for every change to Vendedor, Venta,
Detalle or Meta.
"""

from __future__ import annotations

from django.db import models


def registrar(obj: models.Model) -> None:
    """Record that `obj` changed and must reach NocoDB (filled in by the NocoDB sync)."""
    # Placeholder until the NocoDB outbox lands (issue: mirror the ledger into NocoDB).
    return None
