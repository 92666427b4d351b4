"""PostList queries: channel pages (`since`, `after`, `before`, `page`) and threads
(docs/mattermost.md#rest-calls)."""

from dataclasses import dataclass
from typing import Any

from .models import Post
from .state import Store

DEFAULT_PER_PAGE = 60
MAX_PER_PAGE = 200


@dataclass
class PageQuery:
    since: int = 0
    after: str = ""
    before: str = ""
    page: int = 0
    per_page: int = DEFAULT_PER_PAGE
    since_limit: int = 1000  # Config.posts_since_limit


def post_list(
    store: Store,
    ordered: list[Post],
    *,
    extra: list[Post] | None = None,
    next_post_id: str = "",
    prev_post_id: str = "",
    has_next: bool = False,
) -> dict[str, Any]:
    """PostList: `order` newest first; `posts` also holds thread roots needed for context."""
    posts = {p.id: store.post_api(p) for p in [*ordered, *(extra or [])]}
    return {
        "order": [p.id for p in ordered],
        "posts": posts,
        "next_post_id": next_post_id,
        "prev_post_id": prev_post_id,
        "has_next": has_next,
    }


def channel_posts(store: Store, channel_id: str, query: PageQuery) -> dict[str, Any]:
    if query.since > 0:
        return _since(store, channel_id, query.since, query.since_limit)
    live = store.channel_posts(channel_id)  # oldest first
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    offset = query.page * per_page
    if query.after:
        newer = _after_anchor(store, live, query.after)
        window = newer[offset : offset + per_page]
        has_next = len(newer) > offset + per_page
    elif query.before:
        older = list(reversed(_before_anchor(store, live, query.before)))
        window = list(reversed(older[offset : offset + per_page]))
        has_next = False
    else:
        newest_first = list(reversed(live))
        window = list(reversed(newest_first[offset : offset + per_page]))
        has_next = False
    return _paged(store, live, window, query, has_next)


def _since(store: Store, channel_id: str, since: int, limit: int) -> dict[str, Any]:
    """GetPostsSince: `UpdateAt > since ... LIMIT 1000` with no ORDER BY before the LIMIT, so
    which posts a capped answer keeps is unspecified; the stand-in keeps the newest created,
    which leaves out changes of older posts, whatever their `update_at`. Nothing says the answer
    was cut: `has_next` stays false and the cursors empty (AddCursorIdsForPostList)."""
    # Edited and deleted posts count: edits and deletes move update_at.
    changed = [
        p for p in store.posts.values() if p.channel_id == channel_id and p.update_at > since
    ]
    changed.sort(key=lambda p: p.create_at, reverse=True)
    changed = changed[:limit]
    return post_list(store, changed, extra=_roots_of(store, changed))


def _after_anchor(store: Store, live: list[Post], anchor_id: str) -> list[Post]:
    anchor = store.posts.get(anchor_id)
    if anchor is None:
        return []
    return [p for p in live if p.create_at > anchor.create_at]


def _before_anchor(store: Store, live: list[Post], anchor_id: str) -> list[Post]:
    anchor = store.posts.get(anchor_id)
    if anchor is None:
        return []
    return [p for p in live if p.create_at < anchor.create_at]


def _paged(
    store: Store, live: list[Post], window: list[Post], query: PageQuery, has_next: bool
) -> dict[str, Any]:
    ordered = list(reversed(window))  # newest first
    if not window:
        prev_id = query.after
        next_id = query.before
    else:
        index_old = live.index(window[0])
        index_new = live.index(window[-1])
        prev_id = live[index_old - 1].id if index_old > 0 else ""
        next_id = live[index_new + 1].id if index_new + 1 < len(live) else ""
    if not query.after:
        has_next = bool(next_id)
    return post_list(
        store,
        ordered,
        extra=_roots_of(store, ordered),
        next_post_id=next_id,
        prev_post_id=prev_id,
        has_next=has_next,
    )


def _roots_of(store: Store, posts: list[Post]) -> list[Post]:
    listed = {p.id for p in posts}
    roots = {p.root_id for p in posts if p.root_id and p.root_id not in listed}
    return [store.posts[r] for r in roots if r in store.posts]


def thread(store: Store, root: Post) -> dict[str, Any]:
    """GET /posts/{id}/thread: the root and all its live replies, newest first."""
    everything = [root, *store.replies(root.id)]
    everything.sort(key=lambda p: p.create_at, reverse=True)
    return post_list(store, everything)
