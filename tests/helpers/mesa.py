"""For the review desk's tests: reviewers, sales flagged the way the worker flags them (receipt
stored under MEDIA_ROOT, read by the fake OCR, judged by the real checks), and the admin's
static files without a collectstatic manifest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from integrations.mattermost.types import Post
from ocr.result import ReceiptReading
from ocr.testing import fake_reading
from sales import receipts, rules
from sales.models import Venta
from sales.parsing import parse_message
from sales.permissions import sync_reviewers
from sales.receipts import Foto
from sales.services import ledger
from tests.factories import mm_id
from tests.helpers.images import jpeg

CLAVE = "clave-de-prueba-revisor-1234"
_posts = itertools.count(1)


@pytest.fixture(autouse=True)
def claves_rapidas(settings):
    """Reviewers are created in most tests: a deliberately slow password hash costs seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def crear_revisor(username: str = "revisora") -> User:
    """A staff user in `Revisores` (recreated here: a transactional test's flush empties it)."""
    user = User.objects.create_user(username, f"{username}@example.com", CLAVE, is_staff=True)
    user.groups.add(sync_reviewers())
    return user


def crear_staff(username: str = "staff", *permisos: str) -> User:
    """A staff user outside `Revisores`, with only the given `app.codename` permissions."""
    user = User.objects.create_user(username, f"{username}@example.com", CLAVE, is_staff=True)
    for permiso in permisos:
        app, codename = permiso.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


@pytest.fixture
def revisor(db) -> User:
    return crear_revisor()


@pytest.fixture
def como_revisor(client, revisor):
    client.force_login(revisor)
    return client


def lectura_de(imagen: bytes, **campos) -> ReceiptReading:
    """The fake OCR's reading of this image ($1,500.00 with 5 tubes unless told), sized as it."""
    campos.setdefault("items", [(5, "TUBO PVC 1/2", "1500.00")])
    # A perceptual hash as different for different images as real photos' (the default
    # "000..." would make every photo a near-duplicate of every other).
    campos.setdefault("perceptual_hash", hashlib.sha256(imagen).hexdigest())
    reading = fake_reading(image=imagen, **campos)
    return dataclasses.replace(reading, width=320, height=480)


def foto_leida(imagen: bytes, reading: ReceiptReading) -> Foto:
    """A photo downloaded (stored under MEDIA_ROOT by its hash) and read as `reading`."""
    archivo = receipts.store(imagen)
    return Foto(
        mm_id(700_000 + next(_posts)), reading.sha256, archivo, len(imagen), reading=reading
    )


def vender(
    mensaje: str = "@monto 1600 @cliente Juan @tubos 5",
    *,
    imagen: bytes | None = None,
    reading: ReceiptReading | None = None,
    con_foto: bool = True,
    cuando: dt.datetime | None = None,
    usuario: str = "juan.vendedor",
) -> Venta:
    """Register a sale as the worker does after reading its photo; by default the typed
    $1,600.00 does not match the receipt's $1,500.00, so it is flagged."""
    n = next(_posts)
    foto = None
    if con_foto:
        imagen = imagen or jpeg(f"ticket {n}")
        foto = foto_leida(imagen, reading or lectura_de(imagen))
    post = Post(
        id=mm_id(800_000 + n),
        channel_id=mm_id(500),
        user_id=mm_id(600 + sum(map(ord, usuario))),
        user_name=usuario,
        message=mensaje,
        create_at=int((cuando or timezone.now()).timestamp() * 1000),
        file_ids=(foto.file_id,) if foto else (),
        root_id="",
    )
    parsed = parse_message(mensaje)
    evaluacion = rules.evaluate(parsed, foto) if foto else None
    return ledger.register_sale(post=post, mensaje=parsed, fuente="webhook", evaluacion=evaluacion)
