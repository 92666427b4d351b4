import cv2
import numpy as np

from ocr.hashing import perceptual_hash, sha256_hex
from sales.rules import UMBRAL_CASI_DUPLICADO, hash_distance, is_near_duplicate

from .images import receipt_like


def other_receipt():
    image = np.full((600, 400), 245, np.uint8)
    for row, y in enumerate(range(60, 560, 45)):
        cv2.putText(
            image, f"{row * 7} CODO {row}", (60 + row * 5, y), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 20, 2
        )
    return image


def test_the_same_bytes_have_the_same_sha256():
    assert sha256_hex(b"abc") == sha256_hex(b"abc") != sha256_hex(b"abd")


def test_a_recompressed_resized_copy_is_a_near_duplicate():
    original = receipt_like()
    _ok, jpeg = cv2.imencode(
        ".jpg", cv2.resize(original, (300, 450)), [cv2.IMWRITE_JPEG_QUALITY, 60]
    )
    copy = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    distance = hash_distance(perceptual_hash(original), perceptual_hash(copy))
    assert distance <= UMBRAL_CASI_DUPLICADO
    assert is_near_duplicate(perceptual_hash(original), perceptual_hash(copy))


def test_a_different_receipt_is_not_a_near_duplicate():
    assert (
        hash_distance(perceptual_hash(receipt_like()), perceptual_hash(other_receipt()))
        > UMBRAL_CASI_DUPLICADO
    )


def test_the_hash_is_256_bits_in_hex():
    value = perceptual_hash(receipt_like())
    assert len(value) == 64
    int(value, 16)
