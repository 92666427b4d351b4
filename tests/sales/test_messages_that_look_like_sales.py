"""Messages that look like sales: a mistyped tag gets «¿Quisiste decir `@monto`?»; a post with an
amount and «tubos» but no tags gets the format once per seller per day, never chatter; each
reply shows the example once; `/ventas noviembre` reads month names."""

import datetime as dt

import pytest
from django.utils import timezone

from integrations.mattermost.commands import MesInvalido, read_month
from sales.models import AvisoMattermost, EventoEntrante
from sales.parsing import ParseError, is_sales_attempt, looks_like_a_sale, parse_message
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver

EJEMPLO = "@monto 1500 @cliente Juan Pérez @tubos 5"


@pytest.mark.parametrize(
    ("mensaje", "campo", "escrita"),
    [
        ("@mnto 1500 @cliente Juan @tubos 5", "monto", "mnto"),
        ("@monto 1500 @clinte Juan @tubos 5", "cliente", "clinte"),
        ("@monto 1500 @cliente Juan @tubo 5", "tubos", "tubo"),
        ("@mnto 1500", "monto", "mnto"),
        ("@mont 1500 @clente Juan @tbos 5", "monto", "mont"),
        # A tag with letters added is a name in a greeting, but in a sale it is the tag.
        ("@monto 1500 @clientes Juan @tubos 5", "cliente", "clientes"),
        ("@montos 1500 @cliente Juan @tubos 5", "monto", "montos"),
    ],
)
def test_a_mistyped_tag_is_named_with_the_right_one(mensaje, campo, escrita):
    with pytest.raises(ParseError) as error:
        parse_message(mensaje)
    assert error.value.campo == campo
    assert error.value.mensaje == f"¿Quisiste decir `@{campo}`? Escribiste «@{escrita}»."


def test_a_tag_written_without_its_value_is_missing_not_mistyped():
    with pytest.raises(ParseError) as error:
        parse_message("@monto @cliente Juan @tubos 5 @montoya")
    assert error.value.mensaje == "Falta el dato @monto."


@pytest.mark.parametrize(
    "chatter",
    ["hola @monica, ¿cómo vas?", "gracias @montoya y @clientes", "@mnto jaja", "@juan 1500"],
)
def test_chatter_with_mentions_is_not_a_sales_attempt(chatter):
    assert not is_sales_attempt(chatter)
    assert parse_message(chatter) is None


@pytest.mark.parametrize(
    ("texto", "parece"),
    [
        ("vendí 1500 a Juan, 5 tubos", True),
        ("Venta $2,300 Ferretería López 8 TUBOS", True),
        ("¿quedan tubos en bodega?", False),
        ("llegaron 5 tubos", False),
        ("junta a las 5", False),
    ],
)
def test_what_reads_like_a_sale_without_tags(texto, parece):
    assert looks_like_a_sale(texto) is parece


@pytest.mark.parametrize(
    ("texto", "mes"),
    [
        ("noviembre", dt.date(2026, 11, 1)),
        ("Noviembre 2025", dt.date(2025, 11, 1)),
        ("nov", dt.date(2026, 11, 1)),
        ("diciembre", dt.date(2026, 12, 1)),
        ("enero", dt.date(2026, 1, 1)),
        ("2026-03", dt.date(2026, 3, 1)),
        ("marzo de 2024", dt.date(2024, 3, 1)),
        ("Noviembre.", dt.date(2026, 11, 1)),
        ("noviembre del 2025", dt.date(2025, 11, 1)),
        ("11/2026", dt.date(2026, 11, 1)),
        ("3-2025", dt.date(2025, 3, 1)),
        ("2026/03", dt.date(2026, 3, 1)),
        ("mes pasado", dt.date(2026, 11, 1)),
        ("Este mes", dt.date(2026, 12, 1)),
        ("setiembre", dt.date(2026, 9, 1)),
        ("el mes pasado", dt.date(2026, 11, 1)),
        ("Mes anterior", dt.date(2026, 11, 1)),
        ("11/26", dt.date(2026, 11, 1)),
        ("nov/25", dt.date(2025, 11, 1)),
        ("11", dt.date(2026, 11, 1)),
        ("1", dt.date(2026, 1, 1)),
    ],
)
def test_ventas_reads_month_names(texto, mes, monkeypatch):
    ahora = timezone.make_aware(dt.datetime(2026, 12, 5, 12))
    monkeypatch.setattr(timezone, "now", lambda: ahora)
    assert read_month(texto) == mes


def test_last_month_in_january_is_last_years_december(monkeypatch):
    ahora = timezone.make_aware(dt.datetime(2027, 1, 10, 12))
    monkeypatch.setattr(timezone, "now", lambda: ahora)
    assert read_month("mes pasado") == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    "texto", ["brumario", "noviembre 1850", "13", "nov nov", "13/2026", "2026", "mes futuro"]
)
def test_a_month_that_is_not_one_is_refused(texto):
    with pytest.raises(MesInvalido):
        read_month(texto)


@pytest.mark.django_db(transaction=True)
def test_a_mistyped_tag_is_answered_in_the_thread_with_the_example_once(mm, hook, worker):
    post = deliver(mm, mm.ventas, "@mnto 1500 @cliente Juan @tubos 5")
    worker()
    [respuesta] = bot_replies(mm, post)
    assert "¿Quisiste decir `@monto`? Escribiste «@mnto»." in respuesta.message
    assert respuesta.message.count(EJEMPLO) == 1


@pytest.mark.django_db(transaction=True)
def test_a_sale_without_tags_gets_the_format_once_a_day_and_chatter_nothing(mm, hook, worker):
    primera = deliver(mm, mm.ventas, "vendí 1500 a Juan, 5 tubos")
    worker()
    [pista] = bot_replies(mm, primera)
    assert pista.message.startswith(":bulb: ¿Es una venta?")
    assert pista.message.count(EJEMPLO) == 1
    segunda = deliver(mm, mm.ventas, "otra: $800 a Pedro, 2 tubos")
    charla = deliver(mm, mm.ventas, "¿quedan tubos en bodega?")
    worker()
    assert bot_replies(mm, segunda) == []
    assert bot_replies(mm, charla) == []
    assert AvisoMattermost.objects.filter(clave__startswith="pista:").count() == 1
    assert EventoEntrante.objects.filter(resultado=EventoEntrante.Resultado.IGNORADO).count() == 3
