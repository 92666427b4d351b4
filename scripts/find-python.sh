#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter, or fails saying how to provide one.
# Order: $PYTHON if given, then python3.13/3.12/python3 on PATH, then pyenv's installs
# (pyenv shims refuse versions that are not selected, so its binaries are looked up directly).
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then command -v "$PYTHON" || echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON no es un Python 3.12 o más nuevo" >&2; exit 1
fi
for candidate in python3.14 python3.13 python3.12 python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && ok "$candidate"; then
    "$candidate" -c 'import sys; print(sys.executable)'; exit 0
  fi
done
for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
  if [ -x "$candidate" ] && ok "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "No encuentro Python 3.12 o más nuevo. Instálelo o indique cuál usar: make PYTHON=/ruta/a/python3.12 ..." >&2
exit 1
