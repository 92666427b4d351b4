"""`nocodb_resync`'s progress bar: drawn in place on a terminal, a line every 10 % elsewhere,
nothing for short runs; it looks at the stream it writes to, not at the process's stderr."""

import io

from django.core.management.base import OutputWrapper

from integrations.nocodb.management.commands.nocodb_resync import BARRA_DESDE, Barra

TOTAL = 2500


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream: io.StringIO, total: int = TOTAL) -> str:
    barra = Barra(OutputWrapper(stream))
    for hechas in range(0, total + 1, 50):
        barra(hechas, total)
    barra.cerrar()
    return stream.getvalue()


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_closed_with_a_newline():
    out = _run(_Terminal())
    assert out.startswith("\r[..............................]   0% 0/2500 filas")
    assert "\r[###############...............]  50% 1250/2500 filas" in out
    assert out.endswith("\r[##############################] 100% 2500/2500 filas\n")
    assert out.count("\n") == 1


def test_elsewhere_it_writes_a_line_every_ten_percent(monkeypatch):
    # Even when the process's own stderr is a terminal: the bar asks the stream it is given.
    monkeypatch.setattr("sys.stderr", _Terminal())
    lines = _run(io.StringIO()).splitlines()
    assert len(lines) == 11
    assert lines[0] == "  0% 0/2500 filas"
    assert lines[5] == " 50% 1250/2500 filas"
    assert lines[-1] == "100% 2500/2500 filas"
    assert "\r" not in "".join(lines)


def test_a_short_run_draws_nothing():
    assert _run(_Terminal(), total=BARRA_DESDE - 1) == ""
