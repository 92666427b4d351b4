"""Posts: create, read, patch, delete, channel pages and threads (docs/mattermost.md#rest-calls)."""

from aiohttp import web

from .http_util import (
    core_of,
    json_body,
    json_response,
    path_id,
    query_bool,
    query_id,
    query_int,
    status_ok,
    user_of,
)
from .post_lists import DEFAULT_PER_PAGE, PageQuery, channel_posts, thread
from .posts import parse_draft

routes = web.RouteTableDef()


@routes.post("/api/v4/posts")
async def create_post(request: web.Request) -> web.Response:
    user = user_of(request)
    draft = parse_draft(await json_body(request, "post"))
    set_online = query_bool(request, "set_online", True)
    core = core_of(request)
    post = await core.posts.create_from_api(user, draft, set_online=set_online)
    return json_response(core.store.post_api(post), status=201)


@routes.get("/api/v4/posts/{post_id}")
async def get_post(request: web.Request) -> web.Response:
    user = user_of(request)
    store = core_of(request).store
    post = store.post_for_read(user, path_id(request, "post_id"))
    return json_response(store.post_api(post))


@routes.put("/api/v4/posts/{post_id}/patch")
async def patch_post(request: web.Request) -> web.Response:
    user = user_of(request)
    post_id = path_id(request, "post_id")
    core = core_of(request)
    post = core.posts.patch(user, post_id, await json_body(request, "patch"))
    return json_response(core.store.post_api(post))


@routes.delete("/api/v4/posts/{post_id}")
async def delete_post(request: web.Request) -> web.Response:
    user = user_of(request)
    core_of(request).posts.delete(user, path_id(request, "post_id"))
    return status_ok()


@routes.get("/api/v4/posts/{post_id}/thread")
async def get_thread(request: web.Request) -> web.Response:
    """The whole thread of the post's root, asked by the root or by any reply."""
    user = user_of(request)
    store = core_of(request).store
    post = store.post_for_read(user, path_id(request, "post_id"))
    root = store.live_post(store.thread_root_id(post))
    return json_response(thread(store, root))


@routes.get("/api/v4/posts/{post_id}/files/info")
async def get_post_file_infos(request: web.Request) -> web.Response:
    user = user_of(request)
    store = core_of(request).store
    post = store.post_for_read(user, path_id(request, "post_id"))
    return json_response([info.to_api() for info in store.post_files(post)])


@routes.get("/api/v4/channels/{channel_id}/posts")
async def get_channel_posts(request: web.Request) -> web.Response:
    user = user_of(request)
    channel_id = path_id(request, "channel_id")
    query = PageQuery(
        since=query_int(request, "since", 0),
        after=query_id(request, "after"),
        before=query_id(request, "before"),
        page=query_int(request, "page", 0),
        per_page=query_int(request, "per_page", DEFAULT_PER_PAGE),
        since_limit=core_of(request).config.posts_since_limit,
    )
    store = core_of(request).store
    store.channel_for_read(user, channel_id)
    return json_response(channel_posts(store, channel_id, query))
