"""What the slash commands answer, in Spanish: /ventas, /comision, /meta, /ranking and /venta.

The figures come from `sales.reports` (only sales that count are summed: registrada and
aprobada); amounts read `$1,500.00`, months by their name.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from sales.mensajes import dinero, linea_comision, nombre_mes, resumen_venta
from sales.models import REACCION_POR_ESTADO, Estado, Vendedor, Venta
from sales.parsing import EJEMPLO, MensajeVenta
from sales.reports import Progreso, progreso, totales_por_vendedor, ventas_del_mes

# Rows listed in one answer; the totals always cover the whole month.
FILAS = 25
_REGISTRA = f"Registra una con `/venta {EJEMPLO}`."


def _tubos(n: int) -> str:
    return "1 tubo" if n == 1 else f"{n} tubos"


def _ventas_n(n: int) -> str:
    return "1 venta" if n == 1 else f"{n} ventas"


def _plural(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def _fecha(venta: Venta) -> str:
    return f"{timezone.localtime(venta.fecha):%d/%m}"


def _estado(venta: Venta) -> str:
    emoji = REACCION_POR_ESTADO.get(venta.estado)
    texto = venta.get_estado_display()
    if venta.estado == Estado.EN_REVISION and venta.motivo:
        texto += f" ({venta.get_motivo_display().lower()})"
    return f":{emoji}: {texto}" if emoji else texto


def _de(vendedor: Vendedor | None, mes: dt.date) -> list[Venta]:
    if vendedor is None:
        return []
    return list(ventas_del_mes(mes).filter(vendedor=vendedor).order_by("fecha", "id"))


def _resto(ventas: list[Venta]) -> str:
    return f"\n…y {len(ventas) - FILAS} más." if len(ventas) > FILAS else ""


# --- /ventas -------------------------------------------------------------------------------------


def ventas(vendedor: Vendedor | None, mes: dt.date) -> str:
    del_mes = _de(vendedor, mes)
    titulo = f"**Tus ventas de {nombre_mes(mes)}**"
    if not del_mes:
        return f"{titulo}\nNo tienes ventas en {nombre_mes(mes)}. {_REGISTRA}"
    cuentan = [v for v in del_mes if v.cuenta]
    monto, comision_total = _suma(cuentan, "monto"), _suma(cuentan, "comision")
    tubos = sum(v.tubos for v in cuentan)
    lineas = [
        titulo,
        f"Cuentan {_ventas_n(len(cuentan))}: **{dinero(monto)}** · {_tubos(tubos)} · "
        f"comisión **{dinero(comision_total)}**.",
        *_no_cuentan(del_mes),
        "",
        "| Fecha | Cliente | Monto | Tubos | Comisión | Estado |",
        "|---|---|--:|--:|--:|---|",
    ]
    lineas += [
        f"| {_fecha(v)} | {v.cliente} | {dinero(v.monto)} | {v.tubos} | {dinero(v.comision)} "
        f"| {_estado(v)} |"
        for v in del_mes[-FILAS:]
    ]
    return "\n".join(lineas) + _resto(del_mes)


def _suma(ventas: list[Venta], campo: str) -> Decimal:
    return sum((getattr(v, campo) for v in ventas), Decimal("0.00"))


def _no_cuentan(ventas: list[Venta]) -> list[str]:
    """One line per state that does not count: what is waiting, what was lost."""
    por_estado = Counter(v.estado for v in ventas)
    lineas = []
    revision = [v for v in ventas if v.estado == Estado.EN_REVISION]
    if revision:
        monto, n = dinero(_suma(revision, "monto")), len(revision)
        lineas.append(
            f":warning: {_ventas_n(n)} en revisión ({monto}): "
            + _plural(
                n,
                "no cuenta hasta que un revisor la apruebe.",
                "no cuentan hasta que un revisor las apruebe.",
            )
        )
    if esperando := por_estado[Estado.ESPERANDO_FOTO]:
        lineas.append(f":camera: {_ventas_n(esperando)} esperando otra foto del ticket.")
    perdidas = [
        f"{n} {_plural(n, nombre, nombre + 's')}"
        for n, nombre in (
            (por_estado[Estado.RECHAZADA], "rechazada"),
            (por_estado[Estado.ANULADA], "anulada"),
        )
        if n
    ]
    if perdidas:
        total = por_estado[Estado.RECHAZADA] + por_estado[Estado.ANULADA]
        lineas.append(f":x: {' y '.join(perdidas)}: {_plural(total, 'no cuenta', 'no cuentan')}.")
    return lineas


# --- /comision -----------------------------------------------------------------------------------


def comision(vendedor: Vendedor | None, mes: dt.date) -> str:
    del_mes = _de(vendedor, mes)
    cuentan = [v for v in del_mes if v.cuenta]
    lineas = [f"**Tu comisión de {nombre_mes(mes)}: {dinero(_suma(cuentan, 'comision'))}**"]
    if cuentan:
        lineas += ["", "| Fecha | Cliente | Tubos | Comisión |", "|---|---|--:|---|"]
        lineas += [
            f"| {_fecha(v)} | {v.cliente} | {v.tubos} | {_parte(v)} |" for v in cuentan[-FILAS:]
        ]
        if len(cuentan) > FILAS:
            lineas.append(_resto(cuentan).strip())
    else:
        lineas.append(f"Aún no tienes ventas que cuenten en {nombre_mes(mes)}.")
    revision = [v for v in del_mes if v.estado == Estado.EN_REVISION]
    if revision:
        n, comision_posible = len(revision), dinero(_suma(revision, "comision"))
        lineas.append(
            f":warning: En revisión: {_ventas_n(n)} "
            + _plural(
                n,
                f"que daría {comision_posible} de comisión si se aprueba.",
                f"que darían {comision_posible} de comisión si se aprueban.",
            )
        )
    return "\n".join(lineas)


def _parte(venta: Venta) -> str:
    """The sale's commission with the rule that produced it (stored with the sale)."""
    texto = linea_comision(venta).removeprefix("Comisión: ").replace("**", "")
    return texto.rstrip(".")


# --- /meta ---------------------------------------------------------------------------------------


def meta(vendedor: Vendedor | None, mes: dt.date) -> str:
    if vendedor is None:
        return (
            f"**Tu meta de {nombre_mes(mes)}**\nAún no tienes ventas ni meta registradas. "
            f"{_REGISTRA}"
        )
    prog = progreso(vendedor, mes)
    lineas = [f"**Tu meta de {nombre_mes(mes)}**"]
    if prog.meta_monto is None:
        lineas.append(
            f"Aún no tienes meta para {nombre_mes(mes)}; pídele a tu gerente que la registre. "
            f"Llevas {dinero(prog.monto)} y {_tubos(prog.tubos)} en {_ventas_n(prog.ventas)} "
            "que cuentan."
        )
    else:
        lineas += _avance(prog)
    lineas += _en_revision(vendedor, mes)
    dias = _dias_restantes(mes)
    if dias is not None:
        lineas.append(f"Quedan {dias} días del mes." if dias != 1 else "Queda 1 día del mes.")
    return "\n".join(lineas)


def _avance(prog: Progreso) -> list[str]:
    assert prog.meta_monto is not None
    falta = prog.meta_monto - prog.monto
    monto = f"Monto: {dinero(prog.monto)} de {dinero(prog.meta_monto)} ({prog.porcentaje_monto} %)"
    monto += f" · te faltan {dinero(falta)}." if falta > 0 else " · :tada: ¡meta cumplida!"
    lineas = [monto]
    if prog.meta_tubos:
        faltan = prog.meta_tubos - prog.tubos
        tubos = f"Tubos: {prog.tubos} de {prog.meta_tubos} ({prog.porcentaje_tubos} %)"
        tubos += f" · te faltan {faltan}." if faltan > 0 else " · :tada: ¡meta cumplida!"
        lineas.append(tubos)
    return lineas


def _en_revision(vendedor: Vendedor, mes: dt.date) -> list[str]:
    revision = ventas_del_mes(mes).filter(vendedor=vendedor, estado=Estado.EN_REVISION)
    total = revision.aggregate(monto=Sum("monto"))["monto"]
    if not total:
        return []
    n = revision.count()
    suma = _plural(n, "que sumará si se aprueba", "que sumarán si se aprueban")
    return [f":warning: Además tienes {_ventas_n(n)} en revisión ({dinero(total)}) {suma}."]


def _dias_restantes(mes: dt.date) -> int | None:
    hoy = timezone.localdate()
    if (hoy.year, hoy.month) != (mes.year, mes.month):
        return None
    return calendar.monthrange(mes.year, mes.month)[1] - hoy.day + 1


# --- /ranking ------------------------------------------------------------------------------------


def ranking(mm_user_id: str, mes: dt.date) -> str:
    filas = list(
        totales_por_vendedor(mes)
        .filter(n_ventas__gt=0)
        .order_by("-total_monto", "-total_tubos", "username")
    )
    titulo = f"**Ranking de {nombre_mes(mes)}** (ventas registradas y aprobadas)"
    if not filas:
        return f"{titulo}\nTodavía no hay ventas que cuenten en {nombre_mes(mes)}."
    lineas = [titulo, "", "| # | Vendedor | Monto | Tubos | Ventas |", "|--:|---|--:|--:|--:|"]
    for posicion, v in enumerate(filas, start=1):
        nombre = f"@{v.username}"
        if v.mm_user_id == mm_user_id:
            nombre = f"**{nombre} (tú)**"
        lineas.append(
            f"| {posicion} | {nombre} | {dinero(v.total_monto)} | {v.total_tubos} | {v.n_ventas} |"
        )
    if not any(v.mm_user_id == mm_user_id for v in filas):
        lineas.append(f"\nTú aún no tienes ventas que cuenten en {nombre_mes(mes)}.")
    return "\n".join(lineas)


# --- /venta --------------------------------------------------------------------------------------

AYUDA_VENTA = f"""**Registrar una venta con `/venta`**
`/venta {EJEMPLO}`
También puedes agregar `@producto` y `@nota`, en cualquier orden:
`/venta @cliente Ferretería López @monto 2,300.50 @tubos 8 @producto Tubo PVC @nota transferencia`
Montos como los escribes: `1500`, `1,500`, `1.500`, `$1500`, `1500.50`, `1.500,50`.
El comando no lleva foto: te escribo por mensaje directo y ahí respondes con la foto del ticket."""

AYUDA = """Comandos de ventas (el mes es opcional, como `2025-03`; sin él, el mes actual):
• `/ventas [AAAA-MM]`: tus ventas del mes.
• `/comision [AAAA-MM]`: tu comisión, venta por venta.
• `/meta`: cómo vas con tu meta del mes.
• `/ranking [AAAA-MM]`: el ranking del equipo.
• `/venta @monto … @cliente … @tubos …`: registra una venta sin foto (`/venta ayuda`)."""

NO_AUTORIZADO = (
    ":no_entry: Este comando no está autorizado en salesbot (su token no coincide). "
    "Avísale al administrador."
)
SOLICITUD_INVALIDA = ":x: No entendí la solicitud que mandó Mattermost. Inténtalo de nuevo."
ERROR_INTERNO = (
    ":x: Algo falló de nuestro lado y no pude responder. Inténtalo de nuevo en un momento; "
    "si sigue pasando, avísale al administrador."
)


def comando_desconocido(comando: str) -> str:
    return f":grey_question: No conozco el comando `{comando}`.\n{AYUDA}"


def mes_invalido(comando: str, texto: str) -> str:
    hoy = timezone.localdate()
    return (
        f":grey_question: No entendí el mes «{texto}». Escríbelo como AAAA-MM, por ejemplo "
        f"`{comando} {hoy:%Y-%m}`, o no escribas nada para el mes actual."
    )


def venta_invalida(problema: str) -> str:
    return f":x: No registré la venta. {problema}\n\n{AYUDA_VENTA}"


def venta_recibida(mensaje: MensajeVenta) -> str:
    return (
        f":inbox_tray: Recibí tu venta: {_resumen(mensaje)}. Te confirmo por mensaje directo en "
        "un momento; ahí puedes responder con la foto del ticket."
    )


def venta_repetida(mensaje: MensajeVenta) -> str:
    return (
        f":repeat: Ya recibí esa misma venta hace menos de un minuto ({_resumen(mensaje)}): no la "
        "registro dos veces. Revisa tu mensaje directo con el bot."
    )


def confirmacion_directa(mensaje: MensajeVenta) -> str:
    """The bot's direct message that becomes the post of a `/venta` sale."""
    return (
        f":receipt: Venta enviada con `/venta`: {_resumen(mensaje)}.\n"
        "Te aviso aquí cómo queda. Si tienes la foto del ticket, respóndela en este hilo."
    )


def _resumen(mensaje: MensajeVenta) -> str:
    return f"{dinero(mensaje.monto)} · cliente {mensaje.cliente} · {_tubos(mensaje.tubos)}"


# --- Edits ---------------------------------------------------------------------------------------


def edicion_invalida(venta: Venta, problema: str = "") -> str:
    """The edited text does not read as a sale (`problema` is empty when it has no tags)."""
    problema = problema or "tu mensaje ya no tiene los datos de la venta (@monto, @cliente, @tubos)"
    return (
        f":pencil2: No apliqué tu edición: {problema.rstrip('.')}.\n"
        f"La venta sigue como estaba: {resumen_venta(venta)}. "
        f"Corrige el mensaje con el formato `{EJEMPLO}`, o bórralo para anular la venta."
    )
