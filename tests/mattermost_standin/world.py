"""A typical salesbot world: team `acme`, `ventas` (public), `gerencia` (private), the bot,
a seller and an admin who owns the integrations."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .client import SellerClient
from .integrations import JSON, OutgoingWebhook, SlashCommand
from .models import Channel, Team, User

if TYPE_CHECKING:
    from .server import MattermostStandIn


@dataclass
class World:
    mm: "MattermostStandIn"
    team: Team
    ventas: Channel
    gerencia: Channel
    bot: User
    seller: User
    admin: User
    seller_dm: Channel  # the seller's direct channel with the bot
    seller_client: SellerClient
    bot_client: SellerClient
    admin_client: SellerClient

    def add_webhook(self, callback_url: str, **options: Any) -> OutgoingWebhook:
        """A channel-only hook on `ventas` by the admin, JSON by default."""
        options.setdefault("channel", self.ventas)
        options.setdefault("content_type", JSON)
        options.setdefault("display_name", "salesbot")
        return self.mm.add_outgoing_webhook(
            self.team, callback_urls=[callback_url], creator=self.admin, **options
        )

    def add_command(self, url: str, trigger: str = "venta", **options: Any) -> SlashCommand:
        return self.mm.add_slash_command(self.team, trigger, url, creator=self.admin, **options)


def build_world(mm: "MattermostStandIn") -> World:
    team = mm.add_team("acme", "ACME")
    bot = mm.add_user("salesbot", is_bot=True, teams=[team])
    seller = mm.add_user("juan.vendedor", first_name="Juan", last_name="Vendedor", teams=[team])
    admin = mm.add_user("admin", is_admin=True, teams=[team])
    ventas = mm.add_channel(team, "ventas", "O", [bot, seller, admin], display_name="Ventas")
    gerencia = mm.add_channel(team, "gerencia", "P", [bot, admin], display_name="Gerencia")
    return World(
        mm=mm,
        team=team,
        ventas=ventas,
        gerencia=gerencia,
        bot=bot,
        seller=seller,
        admin=admin,
        seller_dm=mm.add_direct_channel(seller, bot),
        seller_client=mm.client_for(seller),
        bot_client=mm.client_for(bot),
        admin_client=mm.client_for(admin),
    )
