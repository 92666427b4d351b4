"""rapidocr-onnxruntime declares opencv-python (the GUI build); the project installs it without
its declared dependencies (scripts/install-requirements.sh, used by setup and the Dockerfile) so
the only OpenCV is the headless build, whose cv2 is the one imported."""

import re
from importlib import metadata
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[2]
OPENCV_DISTRIBUTIONS = re.compile(r"^opencv(-contrib)?-python(-headless)?$")


def _installed_opencvs() -> set[str]:
    names = {dist.metadata["Name"].lower() for dist in metadata.distributions()}
    return {name for name in names if OPENCV_DISTRIBUTIONS.match(name)}


def test_exactly_one_opencv_is_installed_and_it_is_the_headless_build():
    assert _installed_opencvs() == {"opencv-python-headless"}


def test_the_imported_cv2_belongs_to_the_headless_build():
    files = metadata.distribution("opencv-python-headless").files or []
    owned = {str(f.locate().resolve()) for f in files if f.name == "__init__.py"}
    assert str(Path(cv2.__file__).resolve()) in owned


def test_rapidocr_is_installed_without_its_declared_opencv():
    requires = metadata.requires("rapidocr-onnxruntime") or []
    assert any(r.startswith("opencv-python") and "headless" not in r for r in requires)
    assert metadata.version("rapidocr-onnxruntime") == "1.4.4"


def test_the_image_and_the_venv_install_the_same_way():
    dockerfile = (ROOT / "Dockerfile").read_text()
    setup = (ROOT / "scripts/setup.sh").read_text()
    assert "scripts/install-requirements.sh python requirements.txt" in dockerfile
    assert "pip install" not in dockerfile
    assert 'scripts/install-requirements.sh .venv/bin/python "$requirements"' in setup
    installer = (ROOT / "scripts/install-requirements.sh").read_text()
    assert "--no-deps -r" in installer
    assert "rapidocr-onnxruntime==" in (ROOT / "requirements-nodeps.txt").read_text()
    assert "opencv-python==" not in (ROOT / "requirements.txt").read_text()
