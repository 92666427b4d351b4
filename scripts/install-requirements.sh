#!/bin/sh
# Installs the pinned Python dependencies: the one way both .venv (scripts/setup.sh) and the
# image (Dockerfile) get them, so both end with the same single OpenCV (the headless build).
#   scripts/install-requirements.sh PYTHON REQUIREMENTS_FILE
set -eu
python=$1
requirements=$2
here=$(dirname "$0")/..
"$python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
# Without its declared dependencies: see requirements-nodeps.txt.
"$python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$here/requirements-nodeps.txt"
