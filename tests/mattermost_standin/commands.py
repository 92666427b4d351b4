"""Slash-command dispatcher (docs/mattermost.md#slash-commands): `POST /commands/execute` and
`response_url` uses."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from .command_parsing import (
    channel_mentions,
    response_from_http_body,
    split_command,
    trigger_ids,
    user_mentions,
)
from .encoding import go_form
from .errors import AppError, forbidden, invalid_body_param
from .events import ephemeral_event
from .ids import is_valid_id, new_id, now_ms
from .integrations import FORM, CommandDispatch, CommandWebhook, SlashCommand
from .models import Post, User
from .outbound import BASE_HEADERS, call
from .posts import Draft
from .slack import links_to_markdown, process_slack_text

if TYPE_CHECKING:
    from .core import Core


@dataclass
class Invocation:
    """Who ran a command where (CommandArgs), also rebuilt for each response_url use."""

    user_id: str
    channel_id: str
    team_id: str
    root_id: str


def _failed(error_id: str, trigger: str, **params: Any) -> AppError:
    return AppError(
        f"api.command.execute_command.{error_id}.app_error", 500, {"Trigger": trigger, **params}
    )


class SlashCommands:
    def __init__(self, core: "Core") -> None:
        self.core = core

    async def execute(self, user: User, body: Any) -> dict[str, Any]:
        args = self._invocation(user, body)
        trigger, message = split_command(body["command"])
        client_trigger_id, trigger_id = trigger_ids(user.id)
        if not self.core.config.enable_commands:
            raise AppError("api.command.disabled.app_error", 501)
        command = next(
            (
                c
                for c in self.core.store.commands.values()
                if c.team_id == args.team_id and c.trigger == trigger
            ),
            None,
        )
        if command is None:
            raise AppError(
                "api.command.execute_command.not_found.app_error", 404, {"Trigger": trigger}
            )
        site_url = self.core.site_url()
        if not site_url:
            raise AppError("api.command.execute_command.site_url_required.app_error", 400)
        fields = self._fields(command, args, user, trigger, message, trigger_id)
        hook = self._response_url_hook(command, args)
        fields.append(("response_url", f"{site_url}/hooks/commands/{hook.id}"))
        response = await self._request(command, fields)
        response["trigger_id"] = client_trigger_id
        self.handle_response(command, args, response, trigger)
        return response

    def _invocation(self, user: User, body: Any) -> Invocation:
        if not isinstance(body, dict) or not all(
            isinstance(body.get(k, ""), str)
            for k in ("command", "channel_id", "team_id", "root_id")
        ):
            raise invalid_body_param("command_args")
        command, channel_id = body.get("command", ""), body.get("channel_id", "")
        if len(command) <= 1 or not command.startswith("/") or not is_valid_id(channel_id):
            raise AppError("api.command.execute_command.app_error", 400)
        channel = self.core.store.channel_for_post(user, channel_id)
        team_id = channel.team_id
        if channel.type in ("D", "G"):
            # In a DM the client names the team, and must belong to it.
            team_id = body.get("team_id", "")
            team = self.core.store.teams.get(team_id)
            if team is None or user.id not in team.members:
                raise forbidden()
        return Invocation(user.id, channel.id, team_id, body.get("root_id", ""))

    def _fields(
        self,
        command: SlashCommand,
        args: Invocation,
        user: User,
        trigger: str,
        message: str,
        trigger_id: str,
    ) -> list[tuple[str, str]]:
        store = self.core.store
        fields = [
            ("token", command.token),
            ("team_id", command.team_id),
            ("team_domain", store.teams[command.team_id].name),
            ("channel_id", args.channel_id),
            ("channel_name", store.channels[args.channel_id].name),
            ("user_id", user.id),
            ("user_name", user.username),
            ("command", "/" + trigger),
            ("text", message),
            ("trigger_id", trigger_id),
            ("root_id", args.root_id),
        ]
        for name, user_id in user_mentions(store, message, command.team_id):
            fields += [("user_mentions", name), ("user_mentions_ids", user_id)]
        for name, channel_id in channel_mentions(store, message, command.team_id):
            fields += [("channel_mentions", name), ("channel_mentions_ids", channel_id)]
        return fields

    def _response_url_hook(self, command: SlashCommand, args: Invocation) -> CommandWebhook:
        hook = CommandWebhook(
            new_id(), command.id, args.user_id, args.channel_id, args.root_id, now_ms()
        )
        self.core.store.command_webhooks[hook.id] = hook
        return hook

    async def _request(
        self, command: SlashCommand, fields: list[tuple[str, str]]
    ) -> dict[str, Any]:
        """DoCommandRequest: one attempt; anything but 200 is an error for the invoker."""
        cfg = self.core.config
        form = go_form(fields)
        headers = {**BASE_HEADERS}
        if command.token:
            headers["Authorization"] = "Token " + command.token
        if command.method == "G":
            method, url, body = "GET", _with_query(command.url, form), None
        else:
            method, url, body = "POST", command.url, form.encode()
            headers["Content-Type"] = FORM
        record = CommandDispatch(
            command.id, command.trigger, url, method, headers, body or b"", urlsplit(url).query
        )
        self.core.store.dispatches.append(record)
        outcome = await call(
            self.core.http,  # type: ignore[arg-type]
            method,
            url,
            body=body,
            headers=headers,
            timeout=cfg.outgoing_integration_requests_timeout,
            limit=cfg.max_integration_response_size,
        )
        record.request_headers = outcome.sent_headers
        record.status, record.response_headers = outcome.status, outcome.headers
        record.response_body, record.error = outcome.body, outcome.error
        record.finished_at = outcome.finished_at
        return self._interpret(command, record, outcome.reason)

    def _interpret(
        self, command: SlashCommand, record: CommandDispatch, reason: str
    ) -> dict[str, Any]:
        if record.status is None:
            record.outcome = "timeout" if record.error and "timed out" in record.error else "failed"
            raise _failed("failed", command.trigger)
        if record.status != 200:
            record.outcome = "failed_resp"
            error = _failed("failed_resp", command.trigger, Status=f"{record.status} {reason}")
            error.detailed = record.response_body.decode("utf-8", errors="replace")
            raise error
        try:
            content_type = record.response_headers.get("Content-Type", "")
            response = response_from_http_body(content_type, record.response_body)
        except ValueError as exc:
            record.outcome = "failed"
            raise _failed("failed", command.trigger) from exc
        record.outcome = "ok"
        return response

    # -- replies (HandleCommandResponse) -------------------------------------------------

    def handle_response(
        self, command: SlashCommand, args: Invocation, response: dict[str, Any], trigger: str
    ) -> None:
        last_error = None
        for one in [response, *(response.get("extra_responses") or [])]:
            try:
                self._post_response(command, args, one)
            except AppError as exc:
                last_error = exc
        if last_error is not None:
            raise _failed("create_post_failed", trigger)

    def _post_response(
        self, command: SlashCommand, args: Invocation, response: dict[str, Any]
    ) -> None:
        store, cfg = self.core.store, self.core.config
        channel_id = args.channel_id
        if response["channel_id"]:
            target = store.channels.get(response["channel_id"])
            if target is None or args.user_id not in target.members:
                raise AppError("api.command.command_post.forbidden.app_error", 403)
            channel_id = target.id
        props = dict(response["props"] or {})
        if cfg.enable_post_username_override and (command.username or response["username"]):
            props["override_username"] = command.username or response["username"]
        if cfg.enable_post_icon_override:
            props["override_icon_url"] = command.icon_url or response["icon_url"]
        props["from_webhook"] = "true"  # custom commands are never built-in
        text = response["text"]
        if not response["skip_slack_parsing"]:
            text = links_to_markdown(process_slack_text(store, text))
        if response["type"].startswith("system_"):
            raise AppError("api.context.invalid_param.app_error", 400, {"Name": "post.type"})
        if response["attachments"] is not None:
            props["attachments"] = response["attachments"]
        if response["response_type"] == "in_channel":
            draft = Draft(channel_id, text, args.root_id, response["type"], props)
            post = self.core.posts.save(
                store.users[args.user_id], store.channels[channel_id], draft
            )
            self.core.posts.announce(post, set_online=True, trigger_webhooks=True)
        elif response["response_type"] in ("", "ephemeral") and (
            text or response["attachments"] is not None
        ):
            self._ephemeral(args, channel_id, text, props)

    def _ephemeral(
        self, args: Invocation, channel_id: str, text: str, props: dict[str, Any]
    ) -> None:
        """SendEphemeralPost: never stored, only an `ephemeral_message` to the invoker."""
        post = Post(
            id=new_id(),
            channel_id=channel_id,
            user_id=args.user_id,
            message=text,
            create_at=now_ms(),
            update_at=0,
            root_id=args.root_id,
            type="system_ephemeral",
            props=props,
        )
        api = post.to_api(reply_count=0, files=[], reactions=[])
        self.core.hub.publish(ephemeral_event(args.user_id, channel_id, api))

    # -- response_url (commandWebhook) ---------------------------------------------------

    def use_response_url(self, hook_id: str, content_type: str, body: bytes) -> None:
        try:
            response = response_from_http_body(content_type, body)
        except ValueError as exc:
            raise AppError("web.command_webhook.parse.app_error", 400) from exc
        store, cfg = self.core.store, self.core.config
        hook = store.command_webhooks.get(hook_id)
        expired = (
            hook is not None and (now_ms() - hook.create_at) > cfg.command_webhook_lifetime * 1000
        )
        command = store.commands.get(hook.command_id) if hook else None
        if hook is None or expired or command is None:
            raise AppError("app.command_webhook.get.missing", 404)
        if hook.use_count >= cfg.command_webhook_max_uses:
            raise AppError("app.command_webhook.try_use.invalid", 400)
        hook.use_count += 1
        args = Invocation(hook.user_id, hook.channel_id, command.team_id, hook.root_id)
        self.handle_response(command, args, response, "")


def _with_query(url: str, form: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{form}" if parts.query else form
    return urlunsplit(parts._replace(query=query))
