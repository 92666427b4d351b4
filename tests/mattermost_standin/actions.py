"""Interactive messages and dialogs (docs/mattermost-interactive.md; CONTRACT §8): buttons whose
`integration` stays server-side, the click forwarded to the integration URL and its answer
applied, trigger ids, dialogs opened with one and submitted by the user.

Trigger ids keep Mattermost's shape, `base64("<client id>:<user id>:<ms>:" + base64(sig))`, signed
here with an HMAC key of the stand-in (Mattermost signs with ECDSA P-256): the bot treats them
as opaque, and the expiry check is the server's own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from copy import deepcopy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .encoding import go_json
from .errors import AppError
from .events import Broadcast, Event, ephemeral_event, post_changed_event
from .ids import new_id
from .models import Post, User
from .outbound import BASE_HEADERS, call

if TYPE_CHECKING:
    from .core import Core

MAX_RESPONSE = 1 << 20  # MaxIntegrationResponseSize, MaxDialogResponseSize
# Keys of `props` an `update` cannot take away or add (PostActionRetainPropKeys).
RETAINED = ("from_webhook", "override_username", "override_icon_url")


def actions_of(props: dict[str, Any]) -> list[dict[str, Any]]:
    """Every action of every attachment in `props` (the stored, full ones)."""
    found = []
    for attachment in props.get("attachments") or []:
        if isinstance(attachment, dict):
            found += [a for a in attachment.get("actions") or [] if isinstance(a, dict)]
    return found


def fill_action_ids(props: dict[str, Any]) -> None:
    """An action saved without an id gets a 26-char one (GenerateActionIds)."""
    for action in actions_of(props):
        if not action.get("id"):
            action["id"] = new_id()


def without_integrations(props: dict[str, Any]) -> dict[str, Any]:
    """The props every client sees: each action's `integration` and `cookie` removed."""
    if not actions_of(props):
        return props
    visibles = deepcopy(props)
    for action in actions_of(visibles):
        action.pop("integration", None)
        action.pop("cookie", None)
    return visibles


@dataclass
class IntegrationCall:
    """One request the stand-in made to an integration URL, as a test reads it back."""

    url: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int | None
    response: bytes
    error: str | None


@dataclass
class Triggers:
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def issue(self, user_id: str, now_ms: int) -> tuple[str, str]:
        """(client trigger id, trigger id) for a click by `user_id`."""
        client_id = new_id()
        signed = f"{client_id}:{user_id}:{now_ms}:"
        firma = hmac.new(self.key, signed.encode(), hashlib.sha256).digest()
        trigger = signed + base64.b64encode(firma).decode()
        return client_id, base64.b64encode(trigger.encode()).decode()

    def decode(self, trigger_id: str, now_ms: int, lifetime_s: float) -> tuple[str, str]:
        """(client id, user id) of a valid, unexpired trigger; AppErrors as §8.5 lists."""
        try:
            texto = base64.b64decode(trigger_id, validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            raise _trigger_error("base64_decode_failed") from None
        partes = texto.split(":")
        if len(partes) != 4:
            raise _trigger_error("missing_data")
        client_id, user_id, emitido, firma = partes
        if not emitido.isdigit() or now_ms - int(emitido) > lifetime_s * 1000:
            raise _trigger_error("expired")
        try:
            recibida = base64.b64decode(firma, validate=True)
        except ValueError:
            raise _trigger_error("base64_decode_failed_signature") from None
        signed = f"{client_id}:{user_id}:{emitido}:"
        esperada = hmac.new(self.key, signed.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(recibida, esperada):
            raise _trigger_error("verify_signature_failed")
        return client_id, user_id


def _trigger_error(kind: str) -> AppError:
    return AppError(f"interactive_message.decode_trigger_id.{kind}", 400)


def _action_error() -> AppError:
    return AppError("api.post.do_action.action_integration.app_error", 400)


class Interactive:
    """The click, dialog open and dialog submit flows, on the core's state."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.triggers = Triggers()
        self.calls: list[IntegrationCall] = []
        self.dialogs: dict[str, list[dict[str, Any]]] = {}

    def clear(self) -> None:
        self.calls.clear()
        self.dialogs.clear()

    # -- the click (§8.2, §8.3) -----------------------------------------------------------

    async def click(self, user: User, post_id: str, action_id: str) -> dict[str, Any]:
        store = self.core.store
        post = store.posts.get(post_id)
        if post is None:
            raise AppError("api.context.permissions.app_error", 403)
        store.channel_for_read(user, post.channel_id)
        post = store.live_post(post_id)
        action = next((a for a in actions_of(post.props) if a.get("id") == action_id), None)
        if action is None or not isinstance(action.get("integration"), dict):
            raise AppError("api.post.do_action.action_id.app_error", 404)
        client_id, trigger_id = self.triggers.issue(user.id, _now_ms())
        body = self._click_body(user, post, action, trigger_id)
        answer = await self._forward(action["integration"].get("url", ""), body)
        if answer is None:
            raise _action_error()
        self._apply(user, post, answer)
        return {"status": "OK", "trigger_id": client_id}

    def _click_body(self, user: User, post: Post, action: dict, trigger_id: str) -> dict:
        channel = self.core.store.channels[post.channel_id]
        team = self.core.store.teams.get(channel.team_id) if channel.team_id else None
        body = {
            "user_id": user.id,
            "user_name": user.username,
            "channel_id": channel.id,
            "channel_name": channel.name,
            "team_id": channel.team_id,
            "team_domain": team.name if team else "",
            "post_id": post.id,
            "trigger_id": trigger_id,
            "type": action.get("type", ""),
            "data_source": action.get("data_source", ""),
        }
        context = action["integration"].get("context")
        if context:
            body["context"] = json.loads(json.dumps(context, sort_keys=True))
        return body

    async def _post(self, url: str, body: dict[str, Any]):
        """One POST to an integration (the §8.2 headers, timeout, no retry), logged."""
        outcome = await call(
            self.core.http,
            "POST",
            url,
            body=go_json(body).encode(),
            headers={**BASE_HEADERS, "Content-Type": "application/json"},
            timeout=self.core.config.outgoing_integration_requests_timeout,
            limit=MAX_RESPONSE,
        )
        self.calls.append(
            IntegrationCall(
                url, body, outcome.sent_headers, outcome.status, outcome.body, outcome.error
            )
        )
        return outcome

    async def _forward(self, url: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """POST `body` to the integration; its JSON answer, or None for anything but a 200
        with JSON (or an empty body, which is `{}`)."""
        outcome = await self._post(url, body)
        if outcome.status != 200:
            return None
        if not outcome.body.strip():
            return {}
        try:
            answer = json.loads(outcome.body)
        except ValueError:
            return None
        return answer if isinstance(answer, dict) else None

    def _apply(self, user: User, post: Post, answer: dict[str, Any]) -> None:
        update = answer.get("update")
        if isinstance(update, dict):
            self._overwrite(post, update)
        texto = answer.get("ephemeral_text")
        if isinstance(texto, str) and texto:
            self._ephemeral(user, post, texto)

    def _overwrite(self, post: Post, update: dict[str, Any]) -> None:
        """The §8.3 table: the message always replaced, props replaced when given, file_ids
        replaced (the ones left out soft-deleted), from_bot lost unless sent again."""
        store = self.core.store
        now = store.clock.next()
        cambio = False
        mensaje = update.get("message") if isinstance(update.get("message"), str) else ""
        if mensaje != post.message:
            post.message, cambio = mensaje, True
        if isinstance(update.get("props"), dict):
            nuevas = dict(update["props"])
            for clave in RETAINED:
                nuevas.pop(clave, None)
                if clave in post.props:
                    nuevas[clave] = post.props[clave]
            fill_action_ids(nuevas)
            cambio = cambio or nuevas.get("attachments") != post.props.get("attachments")
            post.props = nuevas
        archivos = update.get("file_ids") if isinstance(update.get("file_ids"), list) else []
        if archivos != post.file_ids:
            for file_id in set(post.file_ids) - set(archivos):
                if info := store.files.get(file_id):
                    info.delete_at = now
            post.file_ids = [f for f in archivos if f in post.file_ids]
            cambio = True
        if cambio:
            post.edit_at = now
        post.update_at = now
        self.core.hub.publish(post_changed_event("post_edited", store, post))

    def _ephemeral(self, user: User, post: Post, texto: str) -> None:
        now = self.core.store.clock.next()
        efimero = {
            "id": new_id(),
            "create_at": now,
            "update_at": now,
            "user_id": user.id,
            "channel_id": post.channel_id,
            "root_id": post.root_id or "",
            "message": texto,
            "type": "system_ephemeral",
            "props": {},
        }
        self.core.hub.publish(ephemeral_event(user.id, post.channel_id, efimero))

    # -- dialogs (§8.5, §8.6) --------------------------------------------------------------

    def open_dialog(self, body: Any) -> None:
        if not isinstance(body, dict) or not isinstance(body.get("dialog"), dict):
            raise AppError("api.context.invalid_param.app_error", 400, {"Name": "dialog"})
        client_id, user_id = self.triggers.decode(
            str(body.get("trigger_id", "")),
            _now_ms(),
            self.core.config.outgoing_integration_requests_timeout,
        )
        if not body.get("url"):
            raise AppError("api.context.invalid_param.app_error", 400, {"Name": "url"})
        abierto = {"trigger_id": client_id, "url": body["url"], "dialog": body["dialog"]}
        self.dialogs.setdefault(user_id, []).append(abierto)
        event = Event("open_dialog", {"dialog": go_json(abierto)}, Broadcast(user_id=user_id))
        self.core.hub.publish(event)

    async def submit_dialog(self, user: User, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise AppError("api.context.invalid_param.app_error", 400, {"Name": "dialog"})
        url = body.get("url")
        if not url:
            raise AppError("api.context.invalid_param.app_error", 400, {"Name": "url"})
        channel = self.core.store.channels.get(str(body.get("channel_id", "")))
        if channel is None:
            raise AppError("app.channel.get.existing.app_error", 404)
        self.core.store.channel_for_read(user, channel.id)
        team = self.core.store.teams.get(str(body.get("team_id") or ""))
        if team is None or (user.id not in team.members and not user.is_admin):
            raise AppError("api.context.permissions.app_error", 403)  # view_team, v11.6
        enviado = {k: v for k, v in body.items() if k != "url"}
        enviado["user_id"] = user.id
        if enviado.get("type") != "refresh":
            enviado["type"] = "dialog_submission"
        return await self._forward_dialog(url, enviado)

    async def _forward_dialog(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        outcome = await self._post(url, body)
        if outcome.status != 200:
            raise _action_error()
        if not outcome.body.strip():
            return {}
        try:
            answer = json.loads(outcome.body)
        except ValueError:
            raise AppError("app.submit_interactive_dialog.decode_json_error", 500) from None
        if isinstance(answer, dict) and answer.get("type") not in (
            None,
            "",
            "ok",
            "form",
            "navigate",
        ):
            raise AppError("app.submit_interactive_dialog.invalid_response", 400)
        return answer if isinstance(answer, dict) else {}


def _now_ms() -> int:
    return int(time.time() * 1000)
