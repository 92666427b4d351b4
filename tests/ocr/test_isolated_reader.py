"""The reading server (ocr/isolated.py): each read in a child forked from a process holding the
models, so a read's memory ends with it and a crash ends only the child."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ocr import pipeline
from ocr.config import OcrConfig
from ocr.errors import ImagenDanada, OcrNoDisponible, OcrTiempoAgotado
from ocr.isolated import PIPELINE, ReadingServer
from ocr.reader import prepare_reader
from ocr.testing import sample_reader

RECEIPTS = Path(__file__).resolve().parent.parent / "fixtures" / "receipts"
ODD = "tests.helpers.odd_readers.read"


@pytest.fixture
def server():
    servers = []

    def start(reader_path: str = ODD, **kwargs) -> ReadingServer:
        servers.append(ReadingServer(reader_path, **kwargs))
        return servers[-1]

    yield start
    for one in servers:
        one.stop()


def _without_timings(reading) -> dict:
    return {k: v for k, v in reading.to_dict().items() if k != "timings"}


@pytest.mark.tesseract
def test_a_read_in_a_child_is_the_read_in_process(server):
    data = (RECEIPTS / "ticket_tlapaleria_limpio.png").read_bytes()
    reading, peak_mb = server(PIPELINE).read(data, OcrConfig())
    assert _without_timings(reading) == _without_timings(pipeline.read_receipt(data, OcrConfig()))
    assert reading.total is not None
    # The child's own peak is reported (its pages shared with the server included): a read with
    # the models loaded takes far more than 50 MB. How much is a benchmark's figure
    # (bench/ocr_memory.py), not this test's.
    assert peak_mb > 50


def test_every_read_is_made_by_a_new_child_of_one_server(server):
    one = server("tests.helpers.odd_readers.pid")
    children = {one.read(b"photo", OcrConfig())[0].text for _ in range(3)}
    assert len(children) == 3
    assert str(one._process.pid) not in children
    assert str(os.getpid()) not in children


def test_a_reading_error_comes_back_as_itself(server):
    with pytest.raises(ImagenDanada):
        server().read(b"damaged", OcrConfig())


def test_a_crash_while_reading_is_an_unread_photo_and_the_server_goes_on(server):
    one = server()
    with pytest.raises(OcrNoDisponible, match="without an answer"):
        one.read(b"crash", OcrConfig())
    pid = one._process.pid
    reading, _ = one.read(b"photo", OcrConfig())
    assert reading.total == sample_reader(b"photo").total
    assert one._process.pid == pid  # the same server: only the child ended


def test_a_bug_in_the_reader_is_an_unread_photo_saying_what_failed(server):
    with pytest.raises(OcrNoDisponible, match="ValueError: a bug in the pipeline"):
        server().read(b"fail", OcrConfig())


def test_a_hung_read_is_cut_at_its_deadline_and_the_next_read_starts_a_new_server(server):
    one = server()
    one.read(b"photo", OcrConfig())  # the server up (its start is not the read's to count)
    one.deadline = 1.0
    first = one._process
    with pytest.raises(OcrTiempoAgotado):
        one.read(b"hang", OcrConfig())
    assert first.poll() is not None  # killed, with the hung child (its own session)
    reading, _ = one.read(b"photo", OcrConfig())
    assert reading.total == sample_reader(b"photo").total
    assert one._process.pid != first.pid


def test_what_a_library_prints_does_not_reach_the_answers(server):
    reading, _ = server().read(b"chatty", OcrConfig())
    assert reading.total == sample_reader(b"chatty").total


def test_the_server_ends_on_its_own_when_the_worker_closes_its_pipe(server):
    one = server()
    one.read(b"photo", OcrConfig())
    one._process.stdin.close()  # as when the worker exits or is killed
    assert one._process.wait(timeout=20) == 0  # it returned, it was not killed


def test_a_reader_that_cannot_be_loaded_is_ocr_unavailable(server):
    with pytest.raises(OcrNoDisponible, match="reading server ended"):
        server("tests.helpers.odd_readers.missing").read(b"photo", OcrConfig())


def test_a_worker_starts_the_reading_server_before_its_first_photo(settings, reading_server):
    settings.OCR_LECTOR = "ocr.isolated.read_receipt"
    prepare_reader()
    assert reading_server._process.poll() is None


def test_a_reader_without_a_server_needs_no_start(settings, reading_server):
    settings.OCR_LECTOR = "ocr.testing.sample_reader"
    prepare_reader()
    assert reading_server._process is None
