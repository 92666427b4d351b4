"""Files (docs/mattermost.md#rest-calls): upload 201, mime type from the extension, download
headers."""

import struct
import zlib

from tests.mattermost_standin import World


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_upload_answers_201_with_file_infos_and_client_ids(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.request(
        "POST",
        "/files",
        data={"channel_id": w.ventas.id, "client_ids": "c1"},
        files=[("files", ("Recibo.JPG", b"\xff\xd8\xff"))],
    )
    assert response.status_code == 201
    body = response.json()
    assert body["client_ids"] == ["c1"]
    [info] = body["file_infos"]
    assert info["name"] == "Recibo.JPG"
    assert info["extension"] == "jpg"  # lower-case, no dot
    assert info["mime_type"] == "image/jpeg"
    assert info["size"] == 3
    assert info["user_id"] == w.seller.id
    assert "post_id" not in info


def test_mime_type_comes_from_the_extension_not_the_bytes(mattermost_world: World):
    w = mattermost_world
    infos = w.seller_client.upload(
        w.ventas,
        [("photo.JPG1", b"\xff\xd8"), ("notes.txt", b"hi"), ("noext", b"\xff\xd8")],
    )
    assert [i["mime_type"] for i in infos] == ["", "text/plain; charset=utf-8", ""]
    assert [i["extension"] for i in infos] == ["jpg1", "txt", ""]


def test_image_size_is_read_from_the_image(mattermost_world: World):
    w = mattermost_world
    [info] = w.seller_client.upload(w.ventas, [("r.png", _png(120, 80))])
    assert (info["width"], info["height"], info["has_preview_image"]) == (120, 80, True)


def test_uploading_where_you_cannot_post_is_forbidden(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.request(
        "POST", "/files", data={"channel_id": w.gerencia.id}, files=[("files", ("a.jpg", b"x"))]
    )
    assert response.status_code == 403


def test_images_download_inline_with_mattermost_headers(mattermost_world: World):
    w = mattermost_world
    [info] = w.seller_client.upload(w.ventas, [("recibo de venta.jpg", b"\xff\xd8abc")])
    response = w.bot_client.request("GET", f"/files/{info['id']}")
    assert response.status_code == 200
    assert response.content == b"\xff\xd8abc"
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == (
        "inline;filename=\"recibo%20de%20venta.jpg\"; filename*=UTF-8''recibo%20de%20venta.jpg"
    )
    assert response.headers["Cache-Control"] == "private, max-age=86400"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"] == "Frame-ancestors 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Length"] == "5"


def test_download_1_and_non_media_types_are_attachments(mattermost_world: World):
    w = mattermost_world
    image, page = w.seller_client.upload(w.ventas, [("a.png", b"x"), ("a.html", b"<b>")])
    forced = w.bot_client.request("GET", f"/files/{image['id']}", params={"download": "1"})
    assert forced.headers["Content-Disposition"].startswith("attachment;")
    html = w.bot_client.request("GET", f"/files/{page['id']}")
    assert html.headers["Content-Type"] == "text/plain"  # never served as HTML
    assert html.headers["Content-Disposition"].startswith("attachment;")


def test_a_range_request_gets_206(mattermost_world: World):
    w = mattermost_world
    [info] = w.seller_client.upload(w.ventas, [("a.jpg", b"0123456789")])
    response = w.bot_client.request("GET", f"/files/{info['id']}", headers={"Range": "bytes=2-4"})
    assert response.status_code == 206
    assert response.content == b"234"
    assert response.headers["Content-Range"] == "bytes 2-4/10"


def test_file_info_and_post_file_infos(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "con foto", files=[("r.jpg", b"\xff\xd8")])
    file_id = post["file_ids"][0]
    info = w.bot_client.request("GET", f"/files/{file_id}/info")
    assert info.json()["post_id"] == post["id"]
    assert info.headers["Cache-Control"] == "max-age=2592000, private"
    infos = w.bot_client.request("GET", f"/posts/{post['id']}/files/info").json()
    assert [i["id"] for i in infos] == [file_id]


def test_unknown_and_deleted_files_are_404(mattermost_world: World):
    w = mattermost_world
    unknown = w.bot_client.request("GET", f"/files/{'a' * 26}")
    assert unknown.status_code == 404
    assert unknown.json()["id"] == "api.file.get_file_info.app_error"
    post = w.seller_client.post(w.ventas, "x", files=[("r.jpg", b"\xff\xd8")])
    w.seller_client.delete(post)
    deleted = w.bot_client.request("GET", f"/files/{post['file_ids'][0]}")
    assert deleted.json()["id"] == "app.file_info.get.app_error"


def test_a_private_file_is_forbidden_to_non_members(mattermost_world: World):
    w = mattermost_world
    post = w.bot_client.post(w.gerencia, "x", files=[("r.jpg", b"\xff\xd8")])
    response = w.seller_client.request("GET", f"/files/{post['file_ids'][0]}")
    assert response.status_code == 403


def test_only_own_unattached_files_attach_to_a_post(mattermost_world: World):
    w = mattermost_world
    [bot_file] = w.bot_client.upload(w.ventas, [("b.jpg", b"x")])
    response = w.seller_client.request(
        "POST",
        "/posts",
        json={"channel_id": w.ventas.id, "message": "x", "file_ids": [bot_file["id"]]},
    )
    assert response.status_code == 201
    assert "file_ids" not in response.json()
