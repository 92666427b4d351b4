# The two commands that matter:
#   make run    sets up (Debian packages, .venv) and starts web server + worker (+ listener)
#   make test   sets up for tests (also Chromium, Node, NocoDB) and runs the whole suite
# PYTHON=/path/to/python3.12 picks the interpreter when the automatic search does not find one.

export PYTHON

.PHONY: run test setup setup-test lint format

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
