"""A Mattermost stand-in server for salesbot's tests.

Real Mattermost cannot run here, so this package serves Mattermost's contract over real
sockets: REST v4 and the WebSocket on 127.0.0.1 (a free port), plus the outgoing-webhook and
slash-command calls Mattermost makes to integrations. It behaves as docs/mattermost.md and
docs/mattermost-interactive.md describe (payload encodings, status codes, AppError bodies,
resume semantics), each point traced there to Mattermost's own server source.

How a test uses it (pytest plugin `tests.mattermost_standin.fixtures`):

    def test_a_receipt_post_reaches_the_bot(mattermost_world, receiver):
        world = mattermost_world
        world.add_webhook(receiver.url)                    # setup helper, not Mattermost API
        world.seller_client.post(world.ventas, "@monto 1500", files=[("recibo.jpg", jpeg)])
        delivery = world.mm.wait_for(lambda: world.mm.webhook_deliveries(finished=True))[0]
        assert delivery.payload["file_ids"]

Test-only controls (failures, rate limiting, WebSocket drops/pauses/injection, config) exist
as Python methods and as HTTP endpoints under `/__stub__/`, outside Mattermost's URL space.
"""

from .client import SellerClient
from .faults import FaultRule
from .integrations import (
    FORM,
    JSON,
    ClientFrame,
    CommandDispatch,
    OutgoingWebhook,
    SlashCommand,
    WebhookDelivery,
)
from .models import Channel, Config, FileInfo, Post, Reaction, Team, User
from .server import MattermostStandIn, WaitTimeout
from .world import World, build_world

__all__ = [
    "FORM",
    "JSON",
    "Channel",
    "ClientFrame",
    "CommandDispatch",
    "Config",
    "FaultRule",
    "FileInfo",
    "MattermostStandIn",
    "OutgoingWebhook",
    "Post",
    "Reaction",
    "SellerClient",
    "SlashCommand",
    "Team",
    "User",
    "WaitTimeout",
    "WebhookDelivery",
    "World",
    "build_world",
]
