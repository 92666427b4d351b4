"""Settings read strictly: a malformed value stops the start with a Spanish message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from salesbot import env

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **environ: str) -> subprocess.CompletedProcess:
    # Without the test run's own defaults (tests/entorno.py): the start-up is the one under test.
    inherited = {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    clean.update(environ)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_secret_key_outside_debug_the_start_is_refused_clearly(tmp_path):
    result = run_manage("check", DEBUG="false", SALESBOT_ENV_FILES="none")
    assert result.returncode == 2
    assert "SECRET_KEY no está configurada" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_boolean_that_is_not_one_is_an_error_at_start():
    result = run_manage(
        "check", DEBUG="false", SECRET_KEY="x" * 50, VENTA_REQUIERE_COMPROBANTE="quizas"
    )
    assert result.returncode == 2
    assert "VENTA_REQUIERE_COMPROBANTE='quizas' no es un booleano" in result.stderr


def test_a_negative_commission_is_an_error_at_start():
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 50, COMISION_POR_TUBO="-5")
    assert result.returncode == 2
    assert "COMISION_POR_TUBO=-5 debe ser mayor o igual que 0" in result.stderr


def test_nothing_but_the_secret_key_is_fatal_for_management_commands():
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


SECURITY = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
)


def test_debug_unset_is_off_with_secure_cookies_and_the_https_redirect():
    result = run_manage(
        "shell", "--no-imports", "-c", SECURITY, SECRET_KEY="x" * 50, SALESBOT_ENV_FILES="none"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True"]


def test_in_debug_cookies_are_not_secure_and_nothing_redirects():
    result = run_manage(
        "shell", "--no-imports", "-c", SECURITY, DEBUG="true", SALESBOT_ENV_FILES="none"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False", "False"]


def test_an_unknown_ocr_pass_is_an_error_at_start():
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 50, OCR_PASADAS="upscale,magia")
    assert result.returncode == 2
    assert "OCR_PASADAS='upscale,magia': magia no es una opción válida" in result.stderr
    assert "adaptive, normalized, ppocr, upscale" in result.stderr


def test_ocr_passes_default_to_all_three_and_reach_the_pipeline_config(settings):
    from ocr.config import OcrConfig

    assert settings.OCR_PASADAS == ("upscale", "ppocr", "normalized", "adaptive")
    settings.OCR_PASADAS = ("adaptive", "upscale")
    assert OcrConfig.from_settings().passes == ("adaptive", "upscale")


def test_a_choice_list_needs_known_items_and_at_least_one(monkeypatch):
    monkeypatch.setenv("X_PASSES", " normalized , adaptive")
    assert env.choice_list("X_PASSES", "a", {"adaptive", "normalized"}) == (
        "normalized",
        "adaptive",
    )
    monkeypatch.setenv("X_PASSES", ",")
    with pytest.raises(env.ConfigError, match="al menos un valor"):
        env.choice_list("X_PASSES", "adaptive", {"adaptive"})
    monkeypatch.setenv("X_PASSES", "adaptive,blur")
    with pytest.raises(env.ConfigError, match="blur no es una opción válida"):
        env.choice_list("X_PASSES", "adaptive", {"adaptive"})


def test_strict_boolean_reader(monkeypatch):
    monkeypatch.setenv("X_FLAG", "TRUE")
    assert env.boolean("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "no")
    assert env.boolean("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "tal vez")
    with pytest.raises(env.ConfigError):
        env.boolean("X_FLAG", True)


def test_file_variant_reads_docker_secrets(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.delenv("X_TOKEN", raising=False)
    monkeypatch.setenv("X_TOKEN_FILE", str(secret))
    assert env.string("X_TOKEN") == "s3cr3t"


def test_backoff_schedule_must_be_non_negative_seconds(monkeypatch):
    monkeypatch.setenv("X_SCHEDULE", "5, 30,300")
    assert env.seconds_list("X_SCHEDULE", "1") == (5.0, 30.0, 300.0)
    monkeypatch.setenv("X_SCHEDULE", "5,-1")
    with pytest.raises(env.ConfigError):
        env.seconds_list("X_SCHEDULE", "1")
