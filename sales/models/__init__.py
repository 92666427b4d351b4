"""salesbot's models, by what they hold: `ledger` (the business's records), `work` (events,
notices and workers in flight) and the month close's (`sales/closing/models.py`). Everything is
importable from here, as `sales.models.Venta`."""

# isort: off
# The order matters: the month close's models refer to the ledger's.
from sales.models.ledger import (  # noqa: F401
    ESTADOS_DECIDIDOS,
    ESTADOS_QUE_CUENTAN,
    REACCION_POR_ESTADO,
    Auditoria,
    Comprobante,
    Detalle,
    Estado,
    Meta,
    Motivo,
    Vendedor,
    Venta,
)
from sales.models.work import (  # noqa: F401
    AvisoMattermost,
    EventoEntrante,
    RevisorMattermost,
    Trabajador,
)
from sales.closing.models import (  # noqa: F401
    Ajuste,
    CierreMes,
    EstadoCuenta,
    LineaEstadoCuenta,
    PlanComision,
    PublicacionRanking,
)
# isort: on
