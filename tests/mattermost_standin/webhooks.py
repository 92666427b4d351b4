"""Outgoing-webhook dispatcher (docs/mattermost.md#outgoing-webhooks; WH `handleWebhookEvents`;
`TriggerWebhook`).

Every matching hook gets one request per callback URL, all in parallel, one attempt each,
after the `posted` event. Replies become posts by the hook's creator that fire no hooks.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .encoding import first_json_value, go_form, go_json
from .errors import AppError
from .integrations import FORM, JSON, OutgoingWebhook, WebhookDelivery
from .models import Channel, Post
from .outbound import BASE_HEADERS, call
from .posts import MAX_MESSAGE_RUNES, Draft
from .slack import links_to_markdown, process_slack_text, split_message

if TYPE_CHECKING:
    from .core import Core

RESERVED_PROPS = {"override_icon_url", "override_username", "from_webhook"}


@dataclass
class WebhookReply:
    """OutgoingWebhookResponse, type-checked the way json.Unmarshal would."""

    text: str | None = None
    username: str = ""
    icon_url: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    attachments: list[Any] = field(default_factory=list)
    type: str = ""
    response_type: str = ""


def parse_reply(value: Any) -> WebhookReply:
    if not isinstance(value, dict):
        raise ValueError("reply is not a JSON object")
    reply = WebhookReply()
    for key in ("username", "icon_url", "type", "response_type"):
        setattr(reply, key, _typed(value, key, str, ""))
    reply.text = _typed(value, "text", str, None)
    reply.props = _typed(value, "props", dict, {})
    reply.attachments = _typed(value, "attachments", list, [])
    return reply


def _typed(value: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    item = value.get(key)
    if item is None:
        return default
    if not isinstance(item, kind):
        raise ValueError(f"{key} has the wrong JSON type")
    return item


def matching_hooks(
    hooks: list[OutgoingWebhook], channel: Channel, message: str
) -> list[tuple[OutgoingWebhook, str]]:
    """(hook, trigger_word) pairs for a post, by the first-word rules
    (docs/mattermost.md#outgoing-webhooks)."""
    words = message.split()
    first = words[0] if words else ""
    found = []
    for hook in hooks:
        if hook.team_id != channel.team_id or hook.channel_id not in ("", channel.id):
            continue
        if hook.channel_id == channel.id and not hook.trigger_words:
            found.append((hook, ""))
        elif first and hook.trigger_when == 0 and first in hook.trigger_words:
            found.append((hook, first))
        elif first and hook.trigger_when == 1:
            word = next((w for w in hook.trigger_words if first.startswith(w)), None)
            if word is not None:
                found.append((hook, word))
    return found


class OutgoingWebhooks:
    def __init__(self, core: "Core") -> None:
        self.core = core

    def post_created(self, post: Post) -> None:
        store = self.core.store
        channel = store.channels[post.channel_id]
        if not self.core.config.enable_outgoing_webhooks or channel.type != "O":
            return
        for hook, trigger_word in matching_hooks(list(store.hooks.values()), channel, post.message):
            content_type, body = self.payload(hook, post, channel, trigger_word)
            headers = {**BASE_HEADERS, "Content-Type": content_type}
            for url in hook.callback_urls:
                delivery = WebhookDelivery(hook.id, post.id, url, content_type, headers, body)
                store.deliveries.append(delivery)
                self.core.spawn(self._deliver(hook, post, delivery))

    def payload(
        self, hook: OutgoingWebhook, post: Post, channel: Channel, trigger_word: str
    ) -> tuple[str, bytes]:
        store = self.core.store
        user = store.users.get(post.user_id)
        fields: dict[str, Any] = {
            "token": hook.token,
            "team_id": hook.team_id,
            "team_domain": store.teams[hook.team_id].name,
            "channel_id": channel.id,
            "channel_name": channel.name,
            "timestamp": post.create_at,
            "user_id": post.user_id,
            "user_name": user.username if user else "",
            "post_id": post.id,
            "text": post.message,
            "trigger_word": trigger_word,
            "file_ids": ",".join(post.file_ids),
        }
        if hook.content_type == JSON:
            return JSON, go_json(fields).encode()
        fields["timestamp"] = post.create_at // 1000  # ToFormValues sends seconds
        return FORM, go_form((k, str(v)) for k, v in fields.items()).encode()

    async def _deliver(self, hook: OutgoingWebhook, post: Post, delivery: WebhookDelivery) -> None:
        cfg = self.core.config
        assert self.core.http is not None
        outcome = await call(
            self.core.http,
            "POST",
            delivery.url,
            body=delivery.request_body,
            headers=dict(delivery.request_headers),
            timeout=cfg.outgoing_integration_requests_timeout,
            limit=cfg.max_integration_response_size,
        )
        delivery.request_headers = outcome.sent_headers
        delivery.status = outcome.status
        delivery.response_headers = outcome.headers
        delivery.response_body = outcome.body
        delivery.error = outcome.error
        if outcome.status is None:
            delivery.outcome = "timeout" if outcome.timed_out else "error"
        else:
            # The HTTP status is ignored: the body is decoded whatever it is.
            self._handle_reply(hook, post, delivery)
        delivery.finished_at = outcome.finished_at

    def _handle_reply(self, hook: OutgoingWebhook, post: Post, delivery: WebhookDelivery) -> None:
        try:
            value = first_json_value(delivery.response_body)
            reply = None if value is None else parse_reply(value)
        except EOFError:
            delivery.outcome = "no_post"
            return
        except ValueError as exc:
            delivery.outcome, delivery.error = "bad_response", f"api.unmarshal_error: {exc}"
            return
        if reply is None or (reply.text is None and not reply.attachments):
            delivery.outcome = "no_post"
            return
        try:
            delivery.reply_post_ids = self._create_reply(hook, post, reply)
            delivery.outcome = "posted"
        except AppError as exc:
            delivery.outcome, delivery.error = "post_failed", exc.error_id

    def _create_reply(self, hook: OutgoingWebhook, post: Post, reply: WebhookReply) -> list[str]:
        """CreateWebhookPost as the hook's creator, with no webhook triggering."""
        store, cfg = self.core.store, self.core.config
        creator = store.users.get(hook.creator_id)
        channel = store.channels[post.channel_id]
        if creator is None:
            raise AppError("app.user.missing_account.const", 404)
        if reply.type.startswith("system_"):
            raise AppError("api.context.invalid_param.app_error", 400, {"Name": "post.type"})
        props = {k: v for k, v in reply.props.items() if k not in RESERVED_PROPS}
        props["webhook_display_name"] = hook.display_name
        if reply.attachments:
            props["attachments"] = reply.attachments
        props["from_webhook"] = "true"
        if cfg.enable_post_username_override:
            props["override_username"] = reply.username or hook.username or "webhook"
        icon = reply.icon_url or hook.icon_url
        if cfg.enable_post_icon_override and icon:
            props["override_icon_url"] = icon
        root_id = post.id if reply.response_type == "comment" else ""
        text = links_to_markdown(process_slack_text(store, reply.text or ""))
        created = []
        for chunk in split_message(text, MAX_MESSAGE_RUNES):
            draft = Draft(channel.id, chunk, root_id, reply.type, dict(props))
            saved = self.core.posts.save(creator, channel, draft)
            self.core.posts.announce(saved, set_online=False, trigger_webhooks=False)
            created.append(saved.id)
        return created
