# The two commands that matter:
#   make run    sets up (Debian packages, .venv) and starts web server + worker (+ listener)
#   make test   sets up for tests (also Chromium, Node, NocoDB) and runs the whole suite
# PYTHON=/path/to/python3.12 picks the interpreter when the automatic search does not find one.

export PYTHON

.PHONY: run test setup setup-test lint format capturas

run: setup
	scripts/run.sh

test: setup-test
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# The manual's screenshots (docs/es/capturas/), taken from the real pages in Chromium.
capturas: setup-test
	SALESBOT_CAPTURAS_MANUAL=1 .venv/bin/python -m pytest -q tests/browser/test_manual_screenshots.py
