"""Reading a seller's message: `@monto 1500 @cliente Juan Pérez @tubos 5`.

Tags (`@monto`, `@cliente`, `@tubos`, optional `@producto`, `@nota`) are case- and
accent-insensitive and may come in any order; each takes the text up to the next tag, and a
value glued to its tag (`@monto1500`, `@clienteJuan`) is read as if a space were there;
Markdown bold and italics around a tag or a value are not part of it, and struck-through text
(`~~@monto 1400~~`) is text taken back. A post with no tag at all is not a sales attempt and is
ignored, unless it has @words that look like mistyped tags (`@mnto 1500`): then the seller is
asked «¿Quisiste decir `@monto`?». A post with a tag but a required field missing or malformed
is *invalid*: the seller gets a Spanish message naming the field.

Amounts are read as people write them (`1500`, `1,500`, `1.500`, `1.500,50`, `1,500.50`, `$1500`,
`$ 1.500`, `1500.5`, `MXN 1500`). The rule for a single separator:

* followed by exactly three digits, with one to three digits before it (`1.500`, `1,500`,
  `12.500`), it groups thousands: both mean one thousand five hundred. Nobody types a price with
  three decimals, and Mexican sellers write thousands with either sign;
* followed by one or two digits (`1500.5`, `1500,50`), it is the decimal separator;
* anything else (`1500.500`, `1.5000`) is ambiguous and refused with an example.

With both signs present, the last one is the decimal separator and the other groups thousands
(`1.500,50` and `1,500.50` are both 1500.50); groups must then be of three digits.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from ocr.in_words import number_in_words
from sales.texts import fields

TAGS = ("monto", "cliente", "tubos", "producto", "nota")
# The most characters a tag takes as written (accents typed as combining marks included).
_LONGEST_TAG = 2 * max(map(len, TAGS))
REQUIRED = ("monto", "cliente", "tubos")
MAX_MONTO = Decimal("10000000")
MAX_TUBOS = 100000

# `@` + a word; the word is compared to the tags after folding case and accents. The lookbehind
# keeps e-mail addresses (juan@monto.mx, juan_@monto.mx) from counting as tags; an underscore
# alone before the @ or after the word is Markdown's emphasis (`_@monto_`), not part of it.
_TAG_RE = re.compile(r"(?<![^\W_]|@)(?<![^\W_]_)@([^\W_]+)\s*[:=]?", re.UNICODE)
# Markdown a seller may put around a tag or a value, from Mattermost's formatting bar: bold
# `**`, italics `*` or `_`, and a colon after a bold tag (`**@monto**: 1500`).
_MARKS_BEFORE_RE, _MARKS_AFTER_RE = re.compile(r"^[\s*_~:=]+"), re.compile(r"[\s*_~]+$")
# Struck-through text is text the seller took back: «~~@monto 1400~~ @monto 1500». Markdown
# strikes within a line.
_STRUCK_RE = re.compile(r"~~[^\n]+?~~")
# "M.N." (moneda nacional) is how Mexican prices and invoices end: "$1,500.00 M.N.".
_CURRENCY_RE = re.compile(
    r"^(?:mxn|mx\$|\$)\s*|\s*(?:mxn|m\.?\s?n|pesos?(?:\s+mexicanos)?|\$)$", re.I
)
# Sales are in pesos: an amount in dollars is refused rather than recorded as pesos.
_DOLLARS_RE = re.compile(r"(?<![a-z])(?:usd|us\s?\$|d[oó]lar(?:es)?|dlls?)(?![a-z])", re.I)
# What a chat adds after a number and is not part of it: "5 👍", "1500!", "$1,500.-" (no cents).
_TRAILING_SYMBOLS_RE = re.compile(r"[^\w$]+$")
_NUMBER_RE = re.compile(r"^\d[\d.,]*$")
# A post that reads like a sale without tags: «vendí $1500 a Juan, 5 tubos».
_TUBOS_WORD_RE = re.compile(r"\btubos?\b")
_NUMBER_IN_TEXT_RE = re.compile(r"(?<![\w.,])\$?\s?\d[\d.,]*")
# "5", "5 tubos", "5 pzs", "1,200" (the sentence's or the list's "." or "," is taken off before;
# the digits' grouping is checked as an amount's).
_UNIDADES = r"(?:\s*(?:tubos?|pz(?:as?|s)?|piezas?|unidad(?:es)?|uds?))?$"
_TUBOS_RE = re.compile(r"^(\d(?:[\d,. ]*\d)?)" + _UNIDADES, re.I)
# «cinco», «veintidós tubos»: the number in words, then the unit as after digits.
_TUBOS_EN_LETRA_RE = re.compile(r"^([^\d]+?)" + _UNIDADES, re.I)


class ParseError(ValueError):
    """The message is a sales attempt but a field is missing or malformed."""

    def __init__(self, campo: str, problema: str) -> None:
        self.campo = campo
        self.problema = problema
        super().__init__(f"@{campo}: {problema}")

    @property
    def mensaje(self) -> str:
        """The problem as a sentence; each reply adds the format once, itself."""
        return self.problema.rstrip(".") + "."


@dataclass(frozen=True)
class MensajeVenta:
    monto: Decimal
    cliente: str
    tubos: int
    producto: str = ""
    nota: str = ""


def fold(text: str) -> str:
    """Lower-case and strip accents: `Clíente` → `cliente`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def visible(text: str) -> str:
    """`text` as the seller means it: zero-width characters (copied text brings them along)
    and struck-through text taken out, no-break spaces made spaces."""
    # NFC: an accent typed as a combining mark (`Cli\u0301ente`) joins its letter, as it shows.
    return _STRUCK_RE.sub(" ", unicodedata.normalize("NFC", text).translate(_INVISIBLE))


# Zero-width space, non-joiner, joiner, word joiner, byte-order mark; no-break, narrow no-break
# and figure spaces.
_INVISIBLE = str.maketrans(
    {**dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"), **dict.fromkeys("\u00a0\u202f\u2007", " ")}
)


def split_tags(text: str) -> dict[str, str]:
    """The value after each sales tag (the first, for a tag written twice); other @words stay
    inside the values."""
    return _first_values(_tagged(text))


def _tagged(text: str) -> list[tuple[str, str]]:
    """(tag, value) for each sales tag, in the order written."""
    found = [(m.start(), *tag) for m in _TAG_RE.finditer(text) if (tag := _tag_of(m))]
    ends = [start for start, _, _ in found[1:]] + [len(text)]
    return [
        (tag, _MARKS_AFTER_RE.sub("", _MARKS_BEFORE_RE.sub("", text[value_start:end])))
        for (_, tag, value_start), end in zip(found, ends, strict=False)  # no tags: no ends used
    ]


def _tag_of(match: re.Match) -> tuple[str, int] | None:
    """(the tag, where its value starts) for an @word that is a tag, or a tag with its value
    glued on (`@monto1500`, `@tubos5`, `@clienteJuan`: a digit or a capital right after the
    tag, which no name written `@montoya` or `@clientes` has); None for any other @word."""
    word = match.group(1)
    if (whole := fold(word)) in TAGS:
        return whole, match.end()
    # Only a tag's length of the word is looked at: a 16,000-letter @word costs no more.
    for length in range(1, min(len(word), _LONGEST_TAG)):
        head, rest = fold(word[:length]), word[length]
        if head in TAGS and (rest.isdigit() or rest.isupper()):
            return head, match.start(1) + length
    return None


def _first_values(tagged: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for tag, value in tagged:
        values.setdefault(tag, value)
    return values


def _first_line(value: str) -> str:
    """A required field's value is its first line: "@tubos 5" then "¡Gracias!" on the next
    line is five tubes, and "@cliente" alone on a line takes the name from the next one."""
    return next((line.strip() for line in value.splitlines() if line.strip()), "")


def _written_twice(tagged: list[tuple[str, str]], values: dict[str, str]) -> tuple | None:
    """(tag, first value, other value) for a required tag written again with another value:
    which one the seller meant is theirs to say."""
    return next(
        (
            (tag, values[tag], value)
            for tag, value in tagged
            if tag in REQUIRED and fold(value) != fold(values[tag])
        ),
        None,
    )


def is_sales_attempt(text: str) -> bool:
    text = visible(text)
    return bool(split_tags(text)) or _mistyped_attempt(text, near_tags(text))


def near_tags(text: str) -> list[tuple[str, str]]:
    """(the @word as written, the tag it probably means) for each @word that is not a tag but
    is spelled almost like one (`@mnto`, `@clinte`, `@tubo`); short words never count."""
    cerca = []
    for match in _TAG_RE.finditer(text):
        palabra = fold(match.group(1))
        # A word that begins with a whole tag is a name (`@montoya`, `@clientes`), not a typo.
        if len(palabra) < 4 or any(palabra.startswith(tag) for tag in TAGS):
            continue
        if parecida := difflib.get_close_matches(palabra, TAGS, n=1, cutoff=0.75):
            cerca.append((match.group(1), parecida[0]))
    return cerca


def _missing(campo: str, text: str, values: dict[str, str], cerca: list[tuple[str, str]]) -> str:
    """Why a required field has no value: its tag written almost right, or not at all."""
    escrita = next((e for e, tag in cerca if tag == campo), None)
    if escrita is None and campo not in values:
        escrita = _longer(text, campo)
    return fields.quisiste_decir(escrita, campo) if escrita else fields.falta(campo)


def _longer(text: str, tag: str) -> str | None:
    """An @word that is `tag` with letters added (`@clientes`, `@montos`), as written. Not a
    typo in a greeting (`@montoya`), but in a post that is a sale and lacks that tag it is the
    likeliest place the seller put it."""
    return next(
        (
            m.group(1)
            for m in _TAG_RE.finditer(text)
            if (word := fold(m.group(1)[:_LONGEST_TAG])).startswith(tag) and word != tag
        ),
        None,
    )


def _mistyped_attempt(text: str, cerca: list[tuple[str, str]]) -> bool:
    """A post without any right tag is an attempt when two @words look like tags, or one does
    and a number follows it (`@mnto 1500`): not a greeting to `@monica`."""
    if len(cerca) >= 2:
        return True
    return any(re.search(rf"@{re.escape(escrita)}\s*[:=]?\s*\$?\d", text) for escrita, _ in cerca)


def parse_message(text: str) -> MensajeVenta | None:
    """The sale a message describes; None when it is not a sales attempt.

    Raises ParseError when it is one but a field is missing or malformed.
    """
    text = visible(text)
    tagged = [(tag, _first_line(v) if tag in REQUIRED else v) for tag, v in _tagged(text)]
    values = _first_values(tagged)
    cerca = near_tags(text)
    if not values and not _mistyped_attempt(text, cerca):
        return None
    for campo in REQUIRED:
        if not values.get(campo):
            raise ParseError(campo, _missing(campo, text, values, cerca))
    if repetido := _written_twice(tagged, values):
        raise ParseError(repetido[0], fields.repetido(*repetido))
    return MensajeVenta(
        monto=parse_monto(values["monto"]),
        cliente=_parse_cliente(values["cliente"]),
        tubos=parse_tubos(values["tubos"]),
        producto=values.get("producto", "")[:200],
        nota=values.get("nota", ""),
    )


def read_message(text: str) -> tuple[MensajeVenta | None, str]:
    """(the sale, "") or (None, the problem in Spanish); (None, "") for a post without tags."""
    try:
        return parse_message(text), ""
    except ParseError as exc:
        return None, exc.mensaje


def parse_monto(raw: str) -> Decimal:
    if _DOLLARS_RE.search(raw):
        raise ParseError("monto", fields.MONTO_EN_DOLARES)
    # A sentence may end right after the amount ("@monto 1500. @cliente ..."), or a currency.
    text = _CURRENCY_RE.sub("", _TRAILING_SYMBOLS_RE.sub("", raw.strip())).strip().rstrip(".,;")
    text = text.replace(" ", "") if re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d{1,2})?", text) else text
    number = _normalise_number if _NUMBER_RE.match(text) else _amount_in_words
    amount = number(text, raw)
    if amount <= 0:
        raise ParseError("monto", fields.MONTO_CERO)
    if amount > MAX_MONTO:
        raise ParseError("monto", fields.monto_grande(raw, MAX_MONTO))
    return amount.quantize(Decimal("0.01"))


def _amount_in_words(text: str, raw: str) -> Decimal:
    """«mil quinientos (pesos)»: whole pesos in words, read with the tubes' grammar."""
    words = number_in_words(text)
    if words is None:
        negative = _negative(text, _NUMBER_RE)
        raise ParseError("monto", fields.MONTO_CERO if negative else fields.monto_ilegible(raw))
    return Decimal(words)


def _normalise_number(text: str, raw: str) -> Decimal:
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _, decimals = text.rpartition(decimal_sep)
        well_formed = (
            whole.replace(group_sep, "").isdigit()
            and decimals.isdigit()
            and len(decimals) <= 2
            and _valid_grouping(whole, group_sep)
        )
        if not well_formed:
            raise _ambiguous(raw)
        return Decimal(f"{whole.replace(group_sep, '')}.{decimals}")
    sep = "." if last_dot >= 0 else "," if last_comma >= 0 else ""
    if not sep:
        return Decimal(text)
    parts = text.split(sep)
    if len(parts) == 2 and 1 <= len(parts[1]) <= 2:
        return Decimal(f"{parts[0]}.{parts[1]}")
    if _valid_grouping(text, sep):
        return Decimal(text.replace(sep, ""))
    raise _ambiguous(raw)


def _valid_grouping(whole: str, sep: str) -> bool:
    groups = whole.split(sep)
    if not all(g.isdigit() for g in groups):  # "0.00,,0": a stray separator inside a group
        return False
    head, rest = groups[0], groups[1:]
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in rest) if rest else bool(head)


def _negative(text: str, number: re.Pattern[str]) -> bool:
    """Whether `text` is a minus sign (ASCII or U+2212) before what `number` reads."""
    return text.startswith(("-", "−")) and bool(number.match(text[1:].strip()))


def _ambiguous(raw: str) -> ParseError:
    return ParseError("monto", fields.monto_ambiguo(raw))


def parse_tubos(raw: str) -> int:
    text = _TRAILING_SYMBOLS_RE.sub("", raw.strip())
    match = _TUBOS_RE.match(text)
    tubos = _whole(match.group(1)) if match else _in_words(text)
    if tubos is None:
        negative = _negative(raw.strip(), _TUBOS_RE)
        raise ParseError(
            "tubos", fields.TUBOS_NEGATIVOS if negative else fields.tubos_ilegibles(raw)
        )
    if tubos > MAX_TUBOS:
        raise ParseError("tubos", fields.tubos_demasiados(raw, MAX_TUBOS))
    return tubos


def _in_words(text: str) -> int | None:
    match = _TUBOS_EN_LETRA_RE.match(text)
    return number_in_words(match.group(1)) if match else None


def _whole(digits: str) -> int | None:
    """Digits, or digits grouped by thousands with one sign («1,200», «1.200», «1 200»)."""
    if digits.isdigit():
        return int(digits)
    signos = {c for c in digits if not c.isdigit()}
    sep = signos.pop() if len(signos) == 1 else ""
    return int(digits.replace(sep, "")) if sep and _valid_grouping(digits, sep) else None


def _parse_cliente(raw: str) -> str:
    # "@cliente Juan, @tubos 5": the comma separates the fields ("S.A." keeps its period).
    cliente = " ".join(raw.split()).rstrip(",;").rstrip()
    if len(cliente) > 200:
        raise ParseError("cliente", fields.CLIENTE_LARGO)
    return cliente


def looks_like_a_sale(text: str) -> bool:
    """No tags, but the word «tubos» and an amount (with `$`, or two numbers): a seller who
    does not know the format yet. Chatter about tubes (`¿quedan tubos?`, `llegaron 5 tubos`)
    does not match."""
    doblado = fold(text)
    if not _TUBOS_WORD_RE.search(doblado):
        return False
    numeros = _NUMBER_IN_TEXT_RE.findall(doblado)
    return len(numeros) >= 2 or any("$" in n for n in numeros)
