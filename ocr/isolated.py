"""Each receipt read in a process of its own, forked from a server that holds the models.

A read's peak memory is the size of its process before it plus what the read allocates
(PP-OCR's tensors, the page at several scales). In a worker that reads one receipt after
another, glibc keeps fragments of earlier reads, so that size grows over a run: all 110 dev
receipts read in one process peaked at 648 MB, three over issue 11's 600 MB, though the largest
one alone took 440-541 MB (docs/benchmarks.md, "Memory of one read"). Here every read starts
from the same size, a child forked from a process that has loaded the models and read nothing,
and its whole heap goes back to the system when it exits. A crash in native code (onnxruntime,
OpenCV, zxing) ends that child, not the worker: the photo goes to a reviewer as unread.

The server is a fresh interpreter (`python -m ocr.isolated`), started with the worker (or at
its first read), not a fork of the worker: the worker has threads (its heartbeat) and database
connections, which a fork would copy in whatever state they were. The server runs Python on
one thread (the native libraries' idle pools aside, see `serve`), so its forks are safe. It
ends when the worker closes its pipe (or dies).
The service's reader: `OCR_LECTOR = "ocr.isolated.read_receipt"`.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import pkgutil
import select
import signal
import struct
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from ocr.config import OcrConfig
from ocr.errors import OcrError, OcrNoDisponible, OcrTiempoAgotado
from ocr.result import ReceiptReading

PIPELINE = "ocr.pipeline.read_receipt"
ROOT = Path(__file__).resolve().parent.parent
# A frame on the pipes: its length, then a pickle. Both ends are this module, in processes
# this module started: nothing from outside ever reaches the unpickler.
_HEADER = struct.Struct(">Q")


def read_receipt(data: bytes, config: OcrConfig | None = None) -> ReceiptReading:
    """`ocr.pipeline.read_receipt`, run in a child of this process's reading server."""
    reading, _peak = _SERVER.read(data, config or OcrConfig())
    return reading


def start() -> None:
    """Start this process's reading server now (it loads the models in 2-3 s, while the caller
    goes on), rather than at the first photo."""
    _SERVER.start()


class ReadingServer:
    """The worker's end: starts the server when needed, sends it photos, relays the answers."""

    def __init__(self, reader_path: str = PIPELINE, *, deadline: float | None = None) -> None:
        self.reader_path = reader_path
        self.deadline = deadline  # seconds; by default from the configuration (_deadline)
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()  # one read at a time on the pipes

    def read(self, data: bytes, config: OcrConfig) -> tuple[ReceiptReading, float]:
        """The reading and the peak RSS (MB) of the process that made it; OcrError if none."""
        with self._lock:
            process = self._running()
            deadline = self.deadline or _deadline(config)
            try:
                _send(process.stdin, (data, config))
                kind, value, peak = self._answer(process, deadline)
            except TimeoutError as exc:
                self.stop()
                raise OcrTiempoAgotado(f"no reading after {deadline} s") from exc
            except (OSError, EOFError) as exc:
                self.stop()
                raise OcrNoDisponible(f"the reading server ended: {exc!r}") from exc
        if kind == "ok":
            return value, peak
        raise value if kind == "error" else OcrNoDisponible(value)

    def start(self) -> None:
        with self._lock:
            self._running()

    def stop(self) -> None:
        """End the server (and a read in progress): its pipe closed, then killed if it lingers."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):  # a server gone mid-frame: nothing left to flush to
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.wait()
        process.stdout.close()

    def _running(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        if self._process is not None:
            self.stop()
        self._process = subprocess.Popen(  # noqa: S603 (our interpreter, our module)
            [sys.executable, "-m", "ocr.isolated", self.reader_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_environment(),
            start_new_session=True,  # a terminal's Ctrl-C stops the worker, which stops it
        )
        return self._process

    @staticmethod
    def _answer(process: subprocess.Popen, deadline: float) -> tuple:
        ready, _, _ = select.select([process.stdout], [], [], deadline)
        if not ready:
            _kill(process)
            raise TimeoutError
        return _receive(process.stdout)


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the server and its child


def _environment() -> dict[str, str]:
    # One core per read, as the worker's own reads: numpy's BLAS and OpenMP would otherwise
    # start a pool of threads in the server at import, and a fork copies only the caller.
    return {
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path]),
    }


def _deadline(config: OcrConfig) -> float:
    """Seconds a read may take before its server is killed: far above the slowest read the
    pipeline allows (each Tesseract pass is cut at `timeout`), so only a hung read reaches it."""
    return 30.0 + config.timeout * (len(config.passes) + 1)


_SERVER = ReadingServer()
atexit.register(_SERVER.stop)


# --- The server (`python -m ocr.isolated READER`) ---------------------------------------------


def serve(reader_path: str) -> None:
    """Answer each photo on stdin with a reading made in a forked child, until stdin closes."""
    # The frames travel on copies of stdin and stdout; the standard streams themselves point
    # away from the pipes, so a library printing something cannot corrupt a frame.
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)
    # onnxruntime and OpenCV leave idle threads of their own (pools waiting on a futex, no lock
    # held), which makes Python warn at every fork; the children read on their one thread
    # (one per session in ocr/ppocr.py) and 110 + 300 reads in children ran without a hang.
    warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
    reader = _load(reader_path)
    while True:
        try:
            data, config = _receive(requests)
        except EOFError:
            return
        try:
            _send(answers, _read_in_child(reader, data, config))
        except BrokenPipeError:
            return  # the worker is gone


def _load(reader_path: str) -> Callable:
    reader = pkgutil.resolve_name(reader_path)
    _warm(reader)
    return reader


def _warm(reader: Callable) -> None:
    """One read of a small drawn page before any fork, so that what a reader sets up at its first
    call is done here once rather than in every child: the pipeline's models, and onnxruntime's
    first-run setup (which made each child's PP-OCR 0.1-0.9 s slower on the committed tickets)."""
    import cv2
    import numpy as np

    page = np.full((300, 320), 255, np.uint8)
    for row, text in enumerate(["TICKET 123", "TUBO PVC 2 x 10.00 20.00", "TOTAL 20.00"]):
        cv2.putText(page, text, (10, 60 + 40 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 0, 1)
    with contextlib.suppress(OcrError):  # only a warm-up: the children read regardless
        reader(cv2.imencode(".png", page)[1].tobytes(), OcrConfig())


def _read_in_child(reader: Callable, data: bytes, config: OcrConfig) -> tuple:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _answer_and_exit(write_end, reader, data, config)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        code = os.waitstatus_to_exitcode(status)
        return "crash", f"the reading process ended without an answer (exit {code})", 0.0
    return pickle.loads(payload)  # noqa: S301 (our own child's answer, see _HEADER)


def _answer_and_exit(fd: int, reader: Callable, data: bytes, config: OcrConfig) -> None:
    """In the child: read, write the outcome, and leave without running any of the server's
    cleanup (its pipes and handlers belong to the server)."""
    code = 0
    try:
        forget_peak()
        try:
            outcome: tuple = ("ok", reader(data, config))
        except OcrError as exc:
            outcome = ("error", exc)
        except Exception as exc:  # any failure is an unread photo, said why
            outcome = ("crash", f"{type(exc).__name__}: {exc}")
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(pickle.dumps((*outcome, peak_mb())))
    except BaseException:  # the child must exit whatever happens
        code = 1
    finally:
        os._exit(code)


def forget_peak() -> None:
    """Restart this process's peak RSS from its current RSS (Linux), so that `peak_mb` then
    reports what came after (a child's read, not the pages it shares with the server)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """This process's peak RSS in MB (Linux; 0 where it cannot be read)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmHWM")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024


def _send(stream, value) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream):
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the pipe closed")
    (size,) = _HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError("the pipe closed mid-frame")
    return pickle.loads(payload)  # noqa: S301 (see _HEADER)


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else PIPELINE)
