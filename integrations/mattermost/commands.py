"""Slash commands (docs/mattermost.md#slash-commands): `POST /mattermost/command`.

Five Mattermost commands point here, each with its own token (MATTERMOST_COMMAND_TOKENS):
`/ventas`, `/comision`, `/meta` and `/ranking` read the ledger, `/venta` records a sale without a
photo. Every answer is an ephemeral Spanish text with HTTP 200, a wrong token, bad input and our
own failures included: Mattermost shows any other status as its own generic error. Only
the database is touched here, so the answer comes well within Mattermost's timeout; the direct
message that confirms a `/venta` is the worker's job.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.http import token_matches
from integrations.mattermost import limits
from sales import inbox
from sales.models import Vendedor
from sales.parsing import ParseError, fold, parse_message
from sales.reports import answers
from sales.reports.figures import month_of, shift_month, valid_year
from sales.texts import MESES, slash

logger = logging.getLogger(__name__)

_MES = re.compile(r"^(\d{4})\s*[-/]\s*(\d{1,2})$")  # 2026-11, 2026/11
# 11/2026 or 11/26, as dates are written here
_MES_ANIO = re.compile(r"^(\d{1,2})\s*[-/]\s*(\d{4}|\d{2})$")
# Said instead of the month's name; the number is the months from this one.
_RELATIVOS = {
    "este mes": 0,
    "mes actual": 0,
    "actual": 0,
    "mes pasado": -1,
    "pasado": -1,
    "mes anterior": -1,
    "anterior": -1,
}
# «el mes pasado», «del mes anterior»: the article says nothing about the month.
_ARTICULO = re.compile(r"^(?:el|del)\s+")
_VARIANTES = {"setiembre": "septiembre"}
_AYUDA = {"ayuda", "help", "?"}


class MattermostCaller:
    """The request.user of a call authenticated by a Mattermost token."""

    is_authenticated = True


class HasMattermostToken(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


class CommandTokenAuthentication(authentication.BaseAuthentication):
    """Mattermost sends the command's token as `Authorization: Token <token>`, and in a POST's
    body too; it is compared in constant time, and no configured token means every call is
    refused. A token in the query string is never read: only a GET command puts it there (with
    the header as well), and a URL ends up in logs and proxies."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        token = header[6:].strip() if header[:6].lower() == "token " else ""
        if not token and request.method == "POST":
            token = request.data.get("token") or ""
        allowed = settings.MATTERMOST_COMMAND_TOKENS
        if not token_matches(token, allowed):
            raise exceptions.AuthenticationFailed("Token de comando inválido.")
        return MattermostCaller(), token


class SlashCommandSerializer(serializers.Serializer):
    command = serializers.CharField(max_length=130)
    text = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=limits.MESSAGE_MAX
    )
    user_id = limits.IdField()
    user_name = limits.name_field()
    channel_id = limits.IdField(required=False, allow_blank=True, default="")


@dataclass(frozen=True)
class Orden:
    """One slash command as the bot reads it: who ran which command with what text."""

    comando: str  # without the slash, lower-case
    texto: str
    user_id: str
    user_name: str
    channel_id: str

    @property
    def vendedor(self) -> Vendedor | None:
        return Vendedor.objects.filter(mm_user_id=self.user_id).first()


class MesInvalido(ValueError):
    pass


def read_month(texto: str) -> dt.date:
    """`AAAA-MM` (or `MM/AAAA`, `MM/AA`), a month's name (`noviembre`, `nov`, `noviembre 2025`,
    `marzo de 2024`) or number (`11`), `mes pasado` (`el mes anterior`) or `este mes`, or the
    current month when empty. A month without a year is the latest such month, this one
    included: in December, `noviembre` is last month and `enero` this year's."""
    limpio = _ARTICULO.sub("", fold(texto).strip().rstrip("."))
    actual = month_of(timezone.now())
    if not limpio:
        return actual
    if limpio in _RELATIVOS:
        return shift_month(actual, _RELATIVOS[limpio])
    if match := _MES.match(limpio):
        anio, mes = int(match[1]), int(match[2])
    elif match := _MES_ANIO.match(limpio):
        anio, mes = _full_year(match[2]), int(match[1])
    elif limpio.isdigit() and len(limpio) <= 2:
        anio, mes = _latest(int(limpio), actual), int(limpio)
    else:
        anio, mes = _named_month(limpio, actual, texto)
    if not 1 <= mes <= 12 or not valid_year(anio):
        raise MesInvalido(texto.strip())
    return dt.date(anio, mes, 1)


def _named_month(texto: str, actual: dt.date, escrito: str) -> tuple[int, int]:
    palabras = [p.rstrip(".") for p in re.split(r"[\s/-]+", texto) if p not in ("", "de", "del")]
    nombres = [_VARIANTES.get(p, p) for p in palabras if not p.isdigit()]
    anios = [_full_year(p) for p in palabras if p.isdigit()]
    if len(nombres) != 1 or len(anios) > 1 or len(nombres[0]) < 3:
        raise MesInvalido(escrito.strip())
    mes = next((n for n, nombre in enumerate(MESES, 1) if nombre.startswith(nombres[0])), 0)
    if not mes:
        raise MesInvalido(escrito.strip())
    return (anios[0] if anios else _latest(mes, actual)), mes


def _latest(mes: int, actual: dt.date) -> int:
    """The year of the latest month numbered `mes`, the current one included."""
    return actual.year if mes <= actual.month else actual.year - 1


def _full_year(escrito: str) -> int:
    """`26` is 2026: a two-digit year is this century's, as people write them on dates."""
    return 2000 + int(escrito) if len(escrito) == 2 else int(escrito)


def _query(figuras: Callable[[Orden, dt.date], str]) -> Callable[[Orden], str]:
    def answer(orden: Orden) -> str:
        if fold(orden.texto.strip()) in _AYUDA:
            return slash.AYUDA
        try:
            mes = read_month(orden.texto)
        except MesInvalido:
            return slash.mes_invalido(f"/{orden.comando}", orden.texto.strip())
        return figuras(orden, mes)

    return answer


def sale_command(orden: Orden) -> str:
    texto = orden.texto.strip()
    if not texto or fold(texto) in _AYUDA:
        return slash.AYUDA_VENTA
    try:
        mensaje = parse_message(texto)
    except ParseError as exc:
        return slash.venta_invalida(exc.mensaje)
    if mensaje is None:
        return slash.AYUDA_VENTA
    _, nueva = inbox.receive_sale_command(
        user_id=orden.user_id,
        user_name=orden.user_name,
        texto=texto,
        mensaje=mensaje,
        channel_id=orden.channel_id,
    )
    return slash.venta_recibida(mensaje) if nueva else slash.venta_repetida(mensaje)


COMANDOS: dict[str, Callable[[Orden], str]] = {
    "ventas": _query(lambda orden, mes: answers.my_sales(orden.vendedor, mes)),
    "comision": _query(lambda orden, mes: answers.my_commission(orden.vendedor, mes)),
    "meta": _query(lambda orden, mes: answers.my_goal(orden.vendedor, mes)),
    "ranking": _query(lambda orden, mes: answers.ranking(orden.user_id, mes)),
    "venta": sale_command,
}


def answer(orden: Orden) -> str:
    accion = COMANDOS.get(fold(orden.comando))
    if accion is None:
        return slash.comando_desconocido(f"/{orden.comando}")
    return accion(orden)


def ephemeral(texto: str) -> Response:
    return Response({"response_type": "ephemeral", "text": limits.fit_message(texto)}, status=200)


class SlashCommandView(APIView):
    """`POST /mattermost/command` (or GET, for commands set to that method)."""

    authentication_classes = [CommandTokenAuthentication]
    permission_classes = [HasMattermostToken]

    def post(self, request):
        return self._run(request.data)

    def get(self, request):
        return self._run(request.query_params)

    def _run(self, datos) -> Response:
        # A NUL typed in the command's text is dropped, as in a post: the command still runs.
        datos = limits.storable(datos.dict() if hasattr(datos, "dict") else datos)
        serializer = SlashCommandSerializer(data=datos)
        if not serializer.is_valid():
            logger.info("Slash command refused: %s", serializer.errors)
            return ephemeral(slash.SOLICITUD_INVALIDA)
        data = serializer.validated_data
        orden = Orden(
            comando=data["command"].strip().removeprefix("/").lower(),
            texto=data["text"],
            user_id=data["user_id"],
            user_name=data["user_name"],
            channel_id=data["channel_id"],
        )
        return ephemeral(answer(orden))

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
            logger.info("Slash command refused: missing or wrong token")
            return ephemeral(slash.NO_AUTORIZADO)
        if isinstance(exc, exceptions.APIException):  # an unreadable body
            logger.info("Slash command refused: %s", exc)
            return ephemeral(slash.SOLICITUD_INVALIDA)
        logger.exception("Slash command failed")
        return ephemeral(slash.ERROR_INTERNO)
