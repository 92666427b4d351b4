"""File upload, download and info (docs/mattermost.md#rest-calls)."""

from email.utils import formatdate
from urllib.parse import quote

from aiohttp import BodyPartReader, web

from .errors import AppError, forbidden
from .files_meta import download_content_type, extension_of, image_size, is_inline, mime_type_of
from .http_util import core_of, json_response, path_id, query_bool, user_of
from .ids import is_valid_id, new_id, now_ms
from .models import FileInfo, User
from .state import Store

routes = web.RouteTableDef()


@routes.post("/api/v4/files")
async def upload_files(request: web.Request) -> web.Response:
    user = user_of(request)
    channel_id = request.query.get("channel_id", "")
    uploads: list[tuple[str, bytes]] = []
    client_ids: list[str] = []
    if request.content_type.startswith("multipart/"):
        channel_id = await _read_multipart(request, uploads, client_ids) or channel_id
    else:
        uploads.append((request.query.get("filename", ""), await request.read()))
        client_ids += request.query.getall("client_id", [])
    if not is_valid_id(channel_id):
        raise AppError("api.context.invalid_param.app_error", 400, {"Name": "channel_id"})
    store = core_of(request).store
    channel = store.channel_for_post(user, channel_id)
    if not uploads or any(not name for name, _ in uploads):
        raise AppError("api.file.upload_file.incorrect_number_of_files.app_error", 400)
    infos = [_save(store, user, channel.id, name, data) for name, data in uploads]
    body = {"file_infos": [i.to_api() for i in infos], "client_ids": client_ids}
    return json_response(body, status=201)


async def _read_multipart(
    request: web.Request, uploads: list[tuple[str, bytes]], client_ids: list[str]
) -> str:
    channel_id = ""
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "channel_id":
            channel_id = (await part.read()).decode()
        elif part.name == "client_ids":
            client_ids.append((await part.read()).decode())
        elif part.name == "files":
            uploads.append((part.filename or "", bytes(await part.read())))
    return channel_id


def _save(store: Store, user: User, channel_id: str, name: str, data: bytes) -> FileInfo:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    mime = mime_type_of(name)
    width, height = image_size(data) if mime.startswith("image/") else (0, 0)
    info = FileInfo(
        id=new_id(),
        user_id=user.id,
        channel_id=channel_id,
        name=name,
        extension=extension_of(name),
        size=len(data),
        mime_type=mime,
        create_at=now_ms(),
        content=data,
        width=width,
        height=height,
    )
    store.files[info.id] = info
    return info


def _readable_file(request: web.Request, missing_id: str) -> FileInfo:
    user = user_of(request)
    store = core_of(request).store
    info = store.files.get(path_id(request, "file_id"))
    if info is None:
        raise AppError(missing_id, 404)
    if info.delete_at:
        raise AppError("app.file_info.get.app_error", 404)
    channel = store.channels.get(info.channel_id)
    if info.user_id != user.id and (channel is None or not store.can_read(user, channel)):
        raise forbidden()
    return info


@routes.get("/api/v4/files/{file_id}/info")
async def get_file_info(request: web.Request) -> web.Response:
    info = _readable_file(request, "app.file_info.get.app_error")
    response = json_response(info.to_api())
    response.headers["Cache-Control"] = "max-age=2592000, private"
    return response


@routes.get("/api/v4/files/{file_id}")
async def download_file(request: web.Request) -> web.Response:
    info = _readable_file(request, "api.file.get_file_info.app_error")
    content_type = download_content_type(info.mime_type)
    forced = query_bool(request, "download", False)
    disposition = "inline" if is_inline(content_type) and not forced else "attachment"
    escaped = quote(info.name, safe="$&+,:;=@")  # url.PathEscape
    headers = {
        "Cache-Control": "private, max-age=86400",
        "X-Content-Type-Options": "nosniff",
        "Content-Type": content_type,
        "Content-Disposition": f"{disposition};filename=\"{escaped}\"; filename*=UTF-8''{escaped}",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": "Frame-ancestors 'none'",
        "Accept-Ranges": "bytes",
        "Last-Modified": formatdate(info.create_at / 1000, usegmt=True),
    }
    return _ranged(request, info.content, headers)


def _ranged(request: web.Request, data: bytes, headers: dict[str, str]) -> web.Response:
    """http.ServeContent's single-range case; anything fancier gets the whole body."""
    spec = request.headers.get("Range", "")
    if spec.startswith("bytes=") and "," not in spec:
        start_text, _, end_text = spec[6:].partition("-")
        try:
            if start_text:
                start = int(start_text)
                end = int(end_text) if end_text else len(data) - 1
            else:
                start, end = max(len(data) - int(end_text), 0), len(data) - 1
        except ValueError:
            start, end = 0, -1
        if 0 <= start < len(data) and start <= end:
            end = min(end, len(data) - 1)
            headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
            return web.Response(body=data[start : end + 1], status=206, headers=headers)
        headers["Content-Range"] = f"bytes */{len(data)}"
        return web.Response(status=416, headers=headers)
    return web.Response(body=data, headers=headers)


def _rendition(request: web.Request, kind: str) -> web.Response:
    """`/preview` and `/thumbnail`: same access as the file; always typed image/jpeg, even for a
    PNG source (CONTRACT §8.8); 400 for a file without one (not a raster image). The stand-in
    serves the original bytes: what matters to a client is that there is one, and its type."""
    info = _readable_file(request, "api.file.get_file_info.app_error")
    if not info.is_image or info.mime_type == "image/svg+xml":
        raise AppError(f"api.file.get_file_{kind}.no_{kind}.app_error", 400)
    headers = {
        "Cache-Control": "private, max-age=86400",
        "X-Content-Type-Options": "nosniff",
        "Content-Type": "image/jpeg",
    }
    return web.Response(body=info.content, headers=headers)


@routes.get("/api/v4/files/{file_id}/preview")
async def get_file_preview(request: web.Request) -> web.Response:
    return _rendition(request, "preview")


@routes.get("/api/v4/files/{file_id}/thumbnail")
async def get_file_thumbnail(request: web.Request) -> web.Response:
    return _rendition(request, "thumbnail")
