"""Slack-compatible text rewriting applied to integration replies (WH; CMD `ProcessSlackText`)."""

import re

from .state import Store

_LINK_WITH_TEXT = re.compile(r"<([^\n<|>]+)\|([^\n>]+)>")
_USER_ID = re.compile(r"<@([a-z0-9]{26})>")
_ANNOUNCEMENTS = {"<!channel>": "@channel", "<!here>": "@here", "<!all>": "@all"}


def process_slack_text(store: Store, text: str) -> str:
    for slack, mattermost in _ANNOUNCEMENTS.items():
        text = text.replace(slack, mattermost)

    def username(match: re.Match[str]) -> str:
        user = store.users.get(match.group(1))
        return "@" + user.username if user else match.group(0)

    return _USER_ID.sub(username, text)


def links_to_markdown(text: str) -> str:
    """`<https://x|label>` becomes `[label](https://x)` (ParseSlackLinksToMarkdown)."""
    return _LINK_WITH_TEXT.sub(r"[\2](\1)", text)


def split_message(text: str, limit: int) -> list[str]:
    """Long replies become several posts (SplitWebhookPost), cut at the rune limit."""
    if len(text) <= limit:
        return [text]
    return [text[start : start + limit] for start in range(0, len(text), limit)]
