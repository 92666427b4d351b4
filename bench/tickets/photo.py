"""A clean ticket -> a phone photo of it: thermal fade, table, rotation, perspective, shadow,
blur, noise, JPEG."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image


def photograph(
    clean: Image.Image, rng: random.Random, *, harsh: bool = False
) -> tuple[bytes, np.ndarray]:
    """The photo as JPEG, and the perspective matrix that put the clean ticket's pixels in it
    (`magnification` says how large a clean pixel came out somewhere)."""
    paper = np.asarray(clean, dtype=np.float32)
    paper = _thermal_fade(paper, rng)
    photo, matrix = _place_on_table(paper, rng)
    photo = _light(photo, rng, harsh)
    sigma = rng.uniform(2.5, 3.5) if harsh else rng.uniform(0.3, 1.1)
    photo = cv2.GaussianBlur(photo, (0, 0), sigma)
    photo += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 6), photo.shape)
    rgb = np.clip(photo, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=rng.randint(65, 90))
    return buffer.getvalue(), matrix


def magnification(matrix: np.ndarray, x: float, y: float) -> float:
    """How many photo pixels one clean pixel at (x, y) spans across: the square root of the
    perspective's area scale there (its Jacobian's determinant)."""

    def placed(px: float, py: float) -> np.ndarray:
        point = matrix @ np.array([px, py, 1.0])
        return point[:2] / point[2]

    origin = placed(x, y)
    right, down = placed(x + 1, y) - origin, placed(x, y + 1) - origin
    return float(np.sqrt(abs(right[0] * down[1] - right[1] * down[0])))


def _thermal_fade(paper: np.ndarray, rng: random.Random) -> np.ndarray:
    """Ink that fades in patches, as old thermal paper does."""
    h, w = paper.shape
    small = np.random.default_rng(rng.randrange(2**32)).uniform(
        0.55, 1.0, (max(2, h // 150), max(2, w // 150))
    )
    field = cv2.resize(small.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    strength = rng.uniform(0.0, 1.0)
    field = 1 - strength * (1 - np.clip(field, 0.5, 1.0))
    return 255 - (255 - paper) * field


def _place_on_table(paper: np.ndarray, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    h, w = paper.shape
    # The receipt fills 55-85 % of a portrait photo's height.
    target_h = rng.randint(1100, 1700)
    fill = rng.uniform(0.55, 0.85)
    scale = target_h * fill / h
    out_h, out_w = target_h, int(target_h * 0.75)
    if w * scale > out_w * 0.9:
        scale = out_w * 0.9 / w
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    centre = np.float32([out_w / 2, out_h / 2])
    corners = (src - np.float32([w / 2, h / 2])) * scale
    angle = np.deg2rad(rng.uniform(-7, 7))
    rotation = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = corners @ rotation.T + centre
    jitter = np.float32([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)]) * out_w * 0.04
    placed = corners + jitter
    # Keep the whole ticket in the frame, with a margin: shrink towards the centre if needed.
    low, high = placed.min(axis=0), placed.max(axis=0)
    limit = np.float32([out_w, out_h])
    shrink = min(1.0, *(0.47 * limit / np.maximum(np.abs(low - centre), np.abs(high - centre))))
    placed = (placed - centre) * shrink + centre
    matrix = cv2.getPerspectiveTransform(src, placed.astype(np.float32))
    table = _table(out_h, out_w, rng)
    colour = np.float32([rng.uniform(0.92, 1.0), rng.uniform(0.92, 1.0), rng.uniform(0.85, 1.0)])
    warped = cv2.warpPerspective(
        paper, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=0
    )
    mask = cv2.warpPerspective(np.ones_like(paper), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    return table * (1 - mask[..., None]) + (warped[..., None] * colour) * mask[..., None], matrix


def _table(h: int, w: int, rng: random.Random) -> np.ndarray:
    base = np.float32(
        rng.choice([(120, 85, 60), (70, 70, 75), (160, 150, 140), (40, 45, 50), (95, 110, 90)])
    )
    noise = (
        np.random.default_rng(rng.randrange(2**32))
        .normal(0, 12, (h // 8 + 1, w // 8 + 1))
        .astype(np.float32)
    )
    texture = cv2.resize(noise, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    return np.clip(base + texture, 0, 255)


def _light(photo: np.ndarray, rng: random.Random, harsh: bool) -> np.ndarray:
    h, w = photo.shape[:2]
    level = rng.uniform(0.15, 0.3) if harsh else rng.uniform(0.75, 1.05)
    # A soft shadow across part of the ticket (a hand or the phone).
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * (xs / w - 0.5) + np.sin(angle) * (ys / h - 0.5)) * 2
    shadow = 1 - rng.uniform(0.0, 0.35) * np.clip(ramp, 0, 1)
    return photo * (level * shadow)[..., None]
