from decimal import Decimal

import pytest

from ocr.errors import ImagenDanada
from ocr.testing import FakeReader, fake_reader, fake_reading


def test_the_fake_reading_counts_tubes_from_its_items():
    reading = fake_reading(items=[(2, "TUBO PVC", "90.00"), (1, "CODO", "10.00")])
    assert reading.tubos == 2
    assert reading.total == Decimal("1500.00")


def test_the_fake_reader_returns_its_reading_and_remembers_the_bytes():
    reader = FakeReader(fake_reading(total="99.00"))
    assert reader(b"photo").total == Decimal("99.00")
    assert reader.calls == [b"photo"]


def test_the_fake_reader_can_raise_a_domain_error():
    reader = fake_reader(error=ImagenDanada("test"))
    with pytest.raises(ImagenDanada):
        reader(b"photo")


def test_a_bad_photo_can_be_faked():
    reading = fake_reading(quality_ok=False)
    assert not reading.quality.ok
    assert reading.quality.reasons
