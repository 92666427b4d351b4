"""The five slash commands registered in the stand-in, each with its own token, calling this
test's live salesbot; and the seller's month of sales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from sales.models import Estado, Motivo, Vendedor
from tests.factories import VendedorFactory, VentaFactory
from tests.listener.support import listen  # noqa: F401 - the fixture

NAMES = ("ventas", "comision", "meta", "ranking", "venta")


@dataclass
class Commands:
    mm: object
    url: str
    registered: dict

    def run(self, command: str, channel=None, client=None) -> str:
        """Run a command as the seller (in `ventas` by default); the ephemeral text."""
        mm = self.mm
        channel = channel or mm.ventas
        team = mm.team if channel.type in ("D", "G") else None
        response = (client or mm.seller_client).run_command(channel, command, team=team)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["response_type"] == "ephemeral"
        dispatch = mm.mm.command_dispatches()[-1]
        assert (dispatch.status, dispatch.outcome) == (200, "ok")
        assert dispatch.response_headers["Content-Type"] == "application/json"
        return body["text"]


@pytest.fixture
def commands(mm, live_server, settings) -> Commands:
    url = f"{live_server.url}/mattermost/command"
    registered = {name: mm.add_command(url, trigger=name) for name in NAMES}
    settings.MATTERMOST_COMMAND_TOKENS = [command.token for command in registered.values()]
    return Commands(mm, url, registered)


@pytest.fixture
def seller(mm) -> Vendedor:
    return VendedorFactory(mm_user_id=mm.seller.id, username="juan.vendedor", nombre="Juan")


def this_month(day: int) -> dt.datetime:
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime(today.year, today.month, min(day, today.day), 12))


@pytest.fixture
def month_of_sales(seller):
    """Two sales that count (5 and 2 tubes), one in review, one rejected, one last month."""
    last_month = this_month(1) - dt.timedelta(days=3)
    return [
        VentaFactory(vendedor=seller, cliente="Ana", monto=Decimal("1500"), tubos=5,
                     comision=Decimal("20"), fecha=this_month(1)),
        VentaFactory(vendedor=seller, cliente="Luis", monto=Decimal("800"), tubos=2,
                     comision=Decimal("0"), fecha=this_month(1)),
        VentaFactory(vendedor=seller, cliente="Marta", monto=Decimal("600"), tubos=4,
                     comision=Decimal("10"), fecha=this_month(1), estado=Estado.EN_REVISION,
                     motivo=Motivo.SIN_COMPROBANTE),
        VentaFactory(vendedor=seller, cliente="Pedro", monto=Decimal("300"), tubos=1,
                     comision=Decimal("0"), fecha=this_month(1), estado=Estado.RECHAZADA),
        VentaFactory(vendedor=seller, cliente="Viejo", monto=Decimal("9999"), tubos=50,
                     comision=Decimal("470"), fecha=last_month),
    ]  # fmt: skip
