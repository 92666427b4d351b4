"""Debian's headless Chromium driven by Selenium through Debian's chromedriver: never a driver
downloaded by Selenium Manager, no network beyond the live server on localhost."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.selenium_manager import SeleniumManager

from tests.helpers.mesa import claves_rapidas  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTEFACTOS = Path(settings.BASE_DIR) / "var" / "test-artifacts"

OPCIONES = (
    "--headless=new",
    "--no-sandbox",  # the tests may run as root (containers, CI)
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--window-size=1366,900",  # the desktop the desk is checked on (phone tests set 390×844)
    # Only the live server is reachable: any other host name resolves to nothing.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)


@pytest.fixture
def sin_selenium_manager(monkeypatch):
    """Selenium Manager downloads drivers and browsers: it must never run here."""

    def prohibido(*args, **kwargs):
        raise AssertionError("Selenium Manager must not run: give the chromedriver path")

    monkeypatch.setattr(SeleniumManager, "binary_paths", prohibido)
    monkeypatch.setenv("SE_OFFLINE", "true")


@pytest.fixture
def navegador(sin_selenium_manager, tmp_path):
    for programa in (CHROMIUM, CHROMEDRIVER):
        assert programa.is_file(), (
            f"{programa} is missing: install chromium and chromium-driver "
            "(scripts/setup.sh test does)"
        )
    opciones = webdriver.ChromeOptions()
    opciones.binary_location = str(CHROMIUM)
    for opcion in OPCIONES:
        opciones.add_argument(opcion)
    opciones.add_argument(f"--user-data-dir={tmp_path / 'chromium'}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opciones)
    yield driver
    driver.quit()


@pytest.fixture
def captura(navegador, request):
    """`captura("cola")` saves var/test-artifacts/<test>-cola.png."""
    ARTEFACTOS.mkdir(parents=True, exist_ok=True)

    def guardar(nombre: str) -> Path:
        destino = ARTEFACTOS / f"{request.node.name}-{nombre}.png"
        navegador.save_screenshot(str(destino))
        return destino

    return guardar
