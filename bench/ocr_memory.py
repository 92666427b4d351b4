"""Peak memory of one receipt read, the number issue 11 bounds (600 MB per worker).

    python -m bench.ocr_memory [--side 6300] [IMAGE]
    python -m bench.ocr_memory --folders DIR [DIR ...]

Makes a side × side PNG from a committed ticket (or the image given), reads it once as the
service reads (a child of the reading server, ocr/isolated.py; with --in-process, in one fresh
process with the models loaded in it), and prints that process's peak RSS and the time taken.
With --folders, every image under the folders is read as the service reads it, in a child of
the reading server (ocr/isolated.py), and the largest peaks of those children are printed with
their files; with --in-process too, one process reads them all, its peak reset before each read
(Linux: /proc/self/clear_refs), as the service read before the reading server.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/receipts/ticket_tlapaleria_limpio.png"


def large_png(source: Path, side: int) -> bytes:
    from PIL import Image

    with Image.open(source) as image:
        big = image.convert("RGB").resize((side, side))
    out = io.BytesIO()
    big.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _read(data: bytes, queue) -> None:
    from ocr.pipeline import read_receipt

    started = time.perf_counter()
    reading = read_receipt(data)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((peak_mb, seconds, str(reading.total), reading.width, reading.height))


def per_image(folders: list[Path], *, isolated: bool) -> None:
    peaks = []
    read = _isolated_read() if isolated else _in_process_read
    for path in sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in
                       {".jpg", ".jpeg", ".png"}):  # fmt: skip
        peaks.append((read(path.read_bytes()), path.name))
    peaks.sort(reverse=True)
    print(f"images: {len(peaks)}; peak RSS per read, largest first:")
    for mb, name in peaks[:5]:
        print(f"  {mb:.0f} MB  {name}")
    over = sum(mb > 600 for mb, _ in peaks)
    print(f"median {peaks[len(peaks) // 2][0]:.0f} MB; over 600 MB: {over}")


def _in_process_read(data: bytes) -> float:
    from ocr.isolated import forget_peak, peak_mb
    from ocr.pipeline import read_receipt

    forget_peak()  # the peak starts again from the current RSS
    read_receipt(data)
    return peak_mb()


def _isolated_read():
    """Each read in a child of the reading server, as the service reads (ocr/isolated.py): the
    peak is the child's, which includes the server's pages it shares."""
    from ocr.config import OcrConfig
    from ocr.isolated import ReadingServer

    server = ReadingServer()

    def read(data: bytes) -> float:
        return server.read(data, OcrConfig())[1]

    return read


def _in_a_fresh_process(data: bytes) -> tuple:
    # The peak measured is the read's (and the models'), not this script's image building.
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=_read, args=(data, queue))
    worker.start()
    measured = queue.get()
    worker.join()
    return measured


def _in_a_child_of_the_server(data: bytes) -> tuple:
    from ocr.config import OcrConfig
    from ocr.isolated import ReadingServer

    server = ReadingServer()
    try:
        server.read(FIXTURE.read_bytes(), OcrConfig())  # the server up, as in a running worker
        started = time.perf_counter()
        reading, peak_mb = server.read(data, OcrConfig())
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    return peak_mb, seconds, str(reading.total), reading.width, reading.height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image", nargs="?", type=Path, default=FIXTURE)
    parser.add_argument("--side", type=int, default=6300)
    parser.add_argument("--folders", nargs="+", type=Path)
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="read in this process (--folders) or in one fresh process, as before the server",
    )
    args = parser.parse_args()
    if args.folders:
        per_image(args.folders, isolated=not args.in_process)
        return
    data = large_png(args.image, args.side)
    if args.in_process:
        peak_mb, seconds, total, width, height = _in_a_fresh_process(data)
    else:
        peak_mb, seconds, total, width, height = _in_a_child_of_the_server(data)
    print(f"image: {args.image.name} as {width}×{height} PNG ({len(data) / 1e6:.1f} MB)")
    print(f"total read: {total}")
    print(f"peak RSS of the reading process: {peak_mb:.0f} MB")
    print(f"time: {seconds:.1f} s")


if __name__ == "__main__":
    main()
