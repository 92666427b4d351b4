"""What the server derives from an upload: extension, mime type, image size (MFILE `NewInfo`)."""

import mimetypes
import os
import struct

# Only the built-in table, so results do not depend on the machine's /etc/mime.types.
_MIME = mimetypes.MimeTypes()

# FILEWEB: only these are shown inline; scripts and HTML are served as text/plain.
MEDIA_TYPES = (
    "image/jpeg",
    "image/png",
    "image/bmp",
    "image/gif",
    "image/tiff",
    "video/avi",
    "video/mpeg",
    "video/mp4",
    "audio/mpeg",
    "audio/wav",
)
UNSAFE_TYPES = (
    "application/javascript",
    "application/ecmascript",
    "text/javascript",
    "text/ecmascript",
    "application/x-javascript",
    "text/html",
)


def extension_of(name: str) -> str:
    """filepath.Ext, lower-cased, without the dot: "Recibo.JPG" -> "jpg"."""
    return os.path.splitext(name)[1][1:].lower()


def mime_type_of(name: str) -> str:
    """mime.TypeByExtension: "" when unknown; text types get "; charset=utf-8" as Go adds."""
    ext = os.path.splitext(name)[1]
    if not ext:
        return ""
    found, _encoding = _MIME.guess_type("x" + ext.lower(), strict=False)
    if found and found.startswith("text/"):
        return found + "; charset=utf-8"
    return found or ""


def download_content_type(mime_type: str) -> str:
    if not mime_type:
        return "application/octet-stream"
    if mime_type.startswith(UNSAFE_TYPES):
        return "text/plain"
    return mime_type


def is_inline(content_type: str) -> bool:
    return content_type.startswith(MEDIA_TYPES)


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, GIF or JPEG; (0, 0) when it cannot tell."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return 0, 0


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return 0, 0
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        # SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return 0, 0
