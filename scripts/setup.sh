#!/usr/bin/env bash
# Sets up everything the service (`run`) or the test suite (`test`) needs on a Debian machine:
# Debian packages, the virtualenv .venv with the pinned Python packages and, for the tests,
# Node and a real NocoDB (cached outside the checkout). Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-run}

runtime_apt=(tesseract-ocr tesseract-ocr-spa fonts-dejavu-core)
test_apt=(chromium chromium-driver fonts-liberation build-essential python3 curl docker-compose)
if [ "$purpose" = test ]; then scripts/apt-install.sh "${runtime_apt[@]}" "${test_apt[@]}"
else scripts/apt-install.sh "${runtime_apt[@]}"; fi

python=$(scripts/find-python.sh)
if [ ! -x .venv/bin/python ] || ! PYTHON=.venv/bin/python scripts/find-python.sh >/dev/null 2>&1; then
  # Debian's system Python ships venv without ensurepip: python3-venv (and, for a Python that is
  # not the default python3, its versioned python3.X-venv) brings it.
  if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    venv_apt=(python3-venv)
    versioned=python$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv
    if apt-cache show "$versioned" >/dev/null 2>&1; then venv_apt+=("$versioned"); fi
    scripts/apt-install.sh "${venv_apt[@]}"
  fi
  echo "Creando .venv con $python" >&2
  rm -rf .venv
  "$python" -m venv .venv
fi
requirements=requirements.txt
[ "$purpose" = test ] && requirements=requirements-dev.txt
stamp=.venv/.installed-$(sha256sum requirements.txt requirements-dev.txt requirements-nodeps.txt | sha256sum | cut -c1-16)-$purpose
if [ ! -f "$stamp" ]; then
  scripts/install-requirements.sh .venv/bin/python "$requirements" >&2
  touch "$stamp"
fi
if [ "$purpose" = test ]; then scripts/install-nocodb.sh >&2; fi
