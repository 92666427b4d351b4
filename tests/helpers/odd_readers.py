"""Readers that misbehave on cue, for tests/ocr/test_isolated_reader.py (the reading server).

The server imports this module in its own interpreter: it must not need Django.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from ocr.errors import ImagenDanada
from ocr.testing import sample_reader


def read(data: bytes, config=None):
    if data == b"crash":
        os.abort()  # as a segfault in native code would end the process
    if data == b"hang":
        time.sleep(3600)
    if data == b"fail":
        raise ValueError("a bug in the pipeline")
    if data == b"damaged":
        raise ImagenDanada("cannot decode")
    if data == b"chatty":
        print("a library printing on stdout", flush=True)
        os.write(1, b"and one writing to fd 1\n")
    return sample_reader(data, config)


def pid(data: bytes, config=None):
    """A reading whose text is the process id of the child that made it."""
    return replace(sample_reader(data, config), text=str(os.getpid()))
