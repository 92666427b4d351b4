from decimal import Decimal

import pytest

from ocr.config import OcrConfig


def test_defaults_work_without_django():
    config = OcrConfig()
    assert config.lang == "spa+eng"
    assert config.tolerancia == Decimal("0.05")
    assert config.palabras_tubo == ("tubo", "tubos")


def test_settings_are_read(settings):
    settings.OCR_LANG = "spa"
    settings.OCR_MAX_BYTES = 1000
    settings.OCR_MAX_PIXELS = 2000
    settings.OCR_PALABRAS_TUBO = ["tubo", "caño"]
    settings.OCR_TOLERANCIA = Decimal("0.02")
    config = OcrConfig.from_settings()
    assert (config.lang, config.max_bytes, config.max_pixels) == ("spa", 1000, 2000)
    assert config.palabras_tubo == ("tubo", "caño")
    assert config.tolerancia == Decimal("0.02")


def test_a_tolerance_of_one_or_more_is_refused():
    with pytest.raises(ValueError, match="OCR_TOLERANCIA"):
        OcrConfig(tolerancia=Decimal("1"))
