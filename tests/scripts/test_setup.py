"""scripts/setup.sh in a scratch checkout, with Debian's tools and Python faked: what it installs
before it creates .venv."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = """#!/usr/bin/env bash
echo "python $*" >> "$LOG"
case "$1 $2" in
  "-c import ensurepip") [ -n "${HAS_ENSUREPIP:-}" ]; exit;;
  "-m venv") mkdir -p "$3/bin" && printf '#!/bin/sh\\nexit 0\\n' > "$3/bin/python" \\
    && chmod +x "$3/bin/python"; exit;;
esac
case "$2" in *version_info*) echo 3.12; exit 0;; esac
exit 1
"""
FAKE_FIND_PYTHON = """#!/usr/bin/env bash
if [ -n "${PYTHON:-}" ]; then [ -x "$PYTHON" ]; exit; fi
echo "$FAKE_PYTHON"
"""
FAKE_APT_INSTALL = """#!/usr/bin/env bash
echo "apt-install $*" >> "$LOG"
"""
# `apt-cache show NAME` succeeds only for the package named in $AVAILABLE.
FAKE_APT_CACHE = """#!/usr/bin/env bash
[ "$1" = show ] && [ "$2" = "${AVAILABLE:-}" ]
"""


def executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def checkout(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "bin").mkdir()
    for script in ("setup.sh", "install-requirements.sh"):
        shutil.copy(ROOT / "scripts" / script, tmp_path / "scripts" / script)
    executable(tmp_path / "scripts" / "find-python.sh", FAKE_FIND_PYTHON)
    executable(tmp_path / "scripts" / "apt-install.sh", FAKE_APT_INSTALL)
    executable(tmp_path / "bin" / "python3.12", FAKE_PYTHON)
    executable(tmp_path / "bin" / "apt-cache", FAKE_APT_CACHE)
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-nodeps.txt"):
        (tmp_path / name).write_text("")
    return tmp_path


def setup_log(checkout: Path, **environ: str) -> list[str]:
    log = checkout / "log"
    env = {
        "PATH": f"{checkout / 'bin'}:{os.environ['PATH']}",
        "LOG": str(log),
        "FAKE_PYTHON": str(checkout / "bin" / "python3.12"),
        **environ,
    }
    result = subprocess.run(
        ["bash", "scripts/setup.sh", "run"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (checkout / ".venv" / "bin" / "python").is_file()
    return log.read_text().splitlines()


def venv_packages(log: list[str]) -> list[str]:
    """The Debian packages installed before the venv was created, for venv's sake."""
    created = log.index("python -m venv .venv")
    return [line for line in log[:created] if "venv" in line and line.startswith("apt-install")]


def test_without_ensurepip_it_installs_python3_venv_and_the_versioned_one_first(checkout):
    log = setup_log(checkout, AVAILABLE="python3.12-venv")
    assert venv_packages(log) == ["apt-install python3-venv python3.12-venv"]


def test_without_a_versioned_package_python3_venv_alone_is_installed(checkout):
    log = setup_log(checkout, AVAILABLE="")
    assert venv_packages(log) == ["apt-install python3-venv"]


def test_a_python_with_ensurepip_needs_no_venv_package(checkout):
    log = setup_log(checkout, HAS_ENSUREPIP="1", AVAILABLE="python3.12-venv")
    assert venv_packages(log) == []
    assert "apt-install tesseract-ocr tesseract-ocr-spa fonts-dejavu-core" in log
