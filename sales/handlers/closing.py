"""What the month close and the team's day send to Mattermost, in the worker.

- `send_statements`: after a close, each seller's statement by direct message, with its PNG
  attached (queued by `close_month` in the close's own transaction).
- `post_leaderboard_if_due`: the daily leaderboard in RANKING_CANAL from RANKING_HORA on, run by
  every sweep. A row per day (`PublicacionRanking`) is claimed with one INSERT: with several
  workers, or after a restart that spans the hour, exactly one post is written per day.

Both only write notices (sales/replies.py), which deliver once even across retries.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from integrations.mattermost import client
from sales import replies
from sales.closing.documents import statement_file
from sales.closing.models import CierreMes, EstadoCuenta, PublicacionRanking
from sales.inserts import insert_if_new
from sales.models import AvisoMattermost
from sales.reports.board import chart, chart_png, figures_by_seller
from sales.texts import closing as textos

logger = logging.getLogger(__name__)

# How long after a close the sweep still checks that every statement was sent.
RECIENTE = dt.timedelta(days=7)


def send_statements(cierre_id: int) -> int:
    """Queue one direct message per statement of the close; how many were new."""
    cierre = CierreMes.objects.get(pk=cierre_id)
    if not cierre.vigente or not client.configured():
        return 0
    estados = cierre.estados_cuenta.select_related("vendedor", "plan").order_by("id")
    return sum(_send_statement(estado) for estado in estados if estado.vendedor.mm_user_id)


def send_missing_statements(antes_de: dt.datetime) -> int:
    """The sweep's part: statements of a recent close (before `antes_de`) whose direct message
    was never written (the close's task was lost with its worker); how many were queued."""
    recientes = CierreMes.objects.filter(
        estado=CierreMes.Estado.CERRADO,
        cerrado_en__lt=antes_de,
        cerrado_en__gte=antes_de - RECIENTE,
    )
    claves = AvisoMattermost.objects.filter(
        clave=Concat(Value("estado_de_cuenta:"), Cast(OuterRef("pk"), CharField()))
    )
    faltan = (
        EstadoCuenta.objects.filter(cierre__in=recientes)
        .exclude(Exists(claves))
        .exclude(vendedor__mm_user_id="")
    )
    if not faltan.exists() or not client.configured():
        return 0
    return sum(_send_statement(e) for e in faltan.select_related("vendedor", "plan")[:200])


def _send_statement(estado: EstadoCuenta) -> bool:
    archivo = statement_file(estado)
    ajustes = list(estado.ajustes_aplicados.order_by("creado", "id"))
    with transaction.atomic():
        aviso = replies.publish(
            clave=f"estado_de_cuenta:{estado.pk}",
            destinatario=estado.vendedor.mm_user_id,
            archivo=archivo,
            mensaje=textos.resumen_estado(estado, ajustes, adjunto=True),
        )
    return aviso is not None


def post_leaderboard_if_due(ahora: dt.datetime | None = None) -> int:
    """Post today's leaderboard once its hour has come; 1 when this call posted it."""
    if not settings.RANKING_CANAL or not client.configured():
        return 0
    local = timezone.localtime(ahora or timezone.now())
    if local.time() < settings.RANKING_HORA:
        return 0
    hoy = local.date()
    if PublicacionRanking.objects.filter(fecha=hoy).exists():
        return 0
    with transaction.atomic():
        if not insert_if_new(PublicacionRanking(fecha=hoy), key="fecha"):
            return 0  # another worker claimed today first
        mes = hoy.replace(day=1)
        filas = [f for f in figures_by_seller(mes) if f.ventas]
        grafica = chart(filas, nombre=_shown_name)
        archivo = _save_chart(hoy, chart_png(grafica, textos.titulo_ranking(mes, hoy)))
        replies.publish(
            clave=f"ranking:{hoy.isoformat()}",
            channel_id=settings.RANKING_CANAL,
            archivo=archivo,
            mensaje=textos.ranking_diario(mes, hoy, filas, _shown_name),
        )
    logger.info("Leaderboard of %s queued for channel %s", hoy, settings.RANKING_CANAL)
    return 1


def _shown_name(posicion: int, fila) -> str:
    if fila.vendedor.oculto_en_ranking:
        return textos.nombre_oculto(posicion)
    return str(fila.vendedor)


def _save_chart(hoy: dt.date, png: bytes) -> str:
    relativo = f"ranking/{hoy:%Y-%m}/ranking-{hoy.isoformat()}.png"
    destino = Path(settings.MEDIA_ROOT) / relativo
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(png)
    return relativo
