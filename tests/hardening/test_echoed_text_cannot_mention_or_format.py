"""Whatever a person typed, the bot echoes it without re-broadcasting it: no @channel, @all,
@here or @user mention, no ~channel link, no link or image unfurl, no Markdown that changes the
message; and the seller still recognises what they wrote."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales.models import AvisoMattermost, EventoEntrante
from sales.parsing import MensajeVenta
from sales.services import ledger, review
from sales.texts import literal, slash
from tests.factories import VendedorFactory, VentaFactory, mm_id
from tests.sales.test_services import post

# A mention is an @ (or a ~ for a channel) followed by a name character; a link is a scheme or a
# www. host; Markdown is one of its signs not escaped by a backslash.
LIVE_MENTION = re.compile(r"[@~][A-Za-z0-9_.\-]")
LIVE_LINK = re.compile(r"(?i)[a-z]+://|\bwww\.")
LIVE_MARKDOWN = re.compile(r"(?<!\\)[`*_\[\]()#>!|<]|~~")
# An emoji or emoticon is a colon followed by its name or face (`:white_check_mark:`, `:D`).
LIVE_EMOJI = re.compile(r":[^\s\u200b]")
BIDI_OVERRIDES = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
HOSTILE = (
    "Juan @channel @all @here @ana ~ventas [clic](http://x.example) ![i](https://x/y.png) **b**"
)


def assert_inert(text: str) -> None:
    assert not LIVE_MENTION.search(text), text
    assert not LIVE_LINK.search(text), text
    assert not LIVE_MARKDOWN.search(text), text
    assert not LIVE_EMOJI.search(text), text
    assert not BIDI_OVERRIDES.search(text), text
    assert "\n" not in text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_made_inert(text):
    assert_inert(literal(text))


@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=150))
def test_plain_words_read_as_typed(text):
    assert literal(text) == " ".join(text.split()) or literal(text) == text.strip()


def test_an_emoji_or_a_reversed_text_cannot_pass_for_the_bots_own_words():
    # `:white_check_mark:` would show the bot's ✅; a right-to-left override (U+202E) would show
    # the rest of the reply, the commission included, backwards.
    cases = {
        ":white_check_mark: verificado": ":white_check_mark: verificado",
        "Juan :D": "Juan :D",
        "Juan \u202e0051 $": "Juan 0051 $",
        "Juan \u2067López\u2069": "Juan López",
    }
    for typed, seen in cases.items():
        echoed = literal(typed)
        assert_inert(echoed)
        assert echoed.replace("\u200b", "").replace("\\", "") == seen


def test_a_long_field_is_cut_so_it_cannot_fill_a_reply():
    assert len(literal("x" * 20_000)) <= 200


def echoed_part(reply: str, before: str, after: str) -> str:
    return reply.split(before, 1)[1].split(after, 1)[0]


@pytest.mark.django_db
def test_a_client_name_with_mentions_and_links_is_echoed_inert_in_the_thread():
    mensaje = MensajeVenta(monto=Decimal("1500.00"), cliente=HOSTILE, tubos=5)
    venta = ledger.register_sale(post=post(files=()), mensaje=mensaje, fuente="webhook")
    reply = AvisoMattermost.objects.get(venta=venta, tipo="respuesta").mensaje
    echoed = echoed_part(reply, "cliente ", " · ")
    assert_inert(echoed)
    assert echoed.startswith("Juan @\u200bchannel")


@pytest.mark.django_db
def test_a_bad_field_is_quoted_back_inert():
    evento = EventoEntrante.objects.create(
        clave=mm_id(1), post_id=mm_id(1), fuente="webhook", payload={}
    )
    ledger.register_invalid(evento=evento, post=post(), problema=literal_problem())
    reply = AvisoMattermost.objects.get(tipo="respuesta").mensaje
    assert_inert(echoed_part(reply, "«", "»"))


def literal_problem() -> str:
    from sales.parsing import read_message

    _, problema = read_message("@monto @here http://x.example @cliente Eva @tubos 1")
    assert problema
    return problema


@pytest.mark.django_db
def test_a_rejection_reason_is_echoed_inert():
    venta = VentaFactory(estado="en_revision", ronda_revision=1, motivo="monto_no_coincide")
    review.decide_review(venta=venta, ronda=1, aprobar=False, revisor="lucia", razon=HOSTILE)
    reply = AvisoMattermost.objects.get(venta=venta, tipo="respuesta").mensaje
    assert_inert(echoed_part(reply, "Razón: ", "\n"))


@pytest.mark.django_db
def test_slash_answers_echo_clients_months_and_commands_inert():
    vendedor = VendedorFactory()
    VentaFactory(vendedor=vendedor, cliente=HOSTILE)
    venta = vendedor.ventas.get()
    table = slash.mis_ventas(venta.fecha.date().replace(day=1), [venta])
    cliente = table.splitlines()[-1].split(" | ")[1]
    assert cliente.startswith("Juan")
    assert_inert(cliente)
    assert_inert(echoed_part(slash.mes_invalido("/ventas", HOSTILE), "«", "»"))
