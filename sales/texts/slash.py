"""What the slash commands answer: /ventas, /comision, /meta, /ranking and /venta, their help
and their errors. The figures come from `sales.reports` (only sales that count are summed:
registrada and aprobada); these functions only put them into words."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from sales.models import REACCION_POR_ESTADO, Estado, Venta
from sales.parsing import MensajeVenta
from sales.reports.figures import Progreso
from sales.texts import EJEMPLO, dinero, literal, nombre_mes, plural, tubos, ventas
from sales.texts.thread import linea_comision

# Rows listed in one answer; the totals always cover the whole month.
FILAS = 25
_REGISTRA = f"Registra una con `/venta {EJEMPLO}`."
_CUMPLIDA = " · :tada: ¡meta cumplida!"


def _fecha(venta: Venta) -> str:
    return f"{timezone.localtime(venta.fecha):%d/%m}"


def _estado(venta: Venta, razones: dict[int, str] | None = None) -> str:
    emoji = REACCION_POR_ESTADO.get(venta.estado)
    texto = venta.get_estado_display()
    if venta.estado == Estado.EN_REVISION and venta.motivo:
        texto += f" ({venta.get_motivo_display().lower()})"
    elif venta.estado == Estado.RECHAZADA and (razones or {}).get(venta.pk):
        texto += f": {literal(razones[venta.pk], 80).replace('|', '/')}"
    return f":{emoji}: {texto}" if emoji else texto


def _resto(lista: list) -> str:
    return f"\n…y {len(lista) - FILAS} más." if len(lista) > FILAS else ""


def _suma(lista: list[Venta], campo: str) -> Decimal:
    return sum((getattr(v, campo) for v in lista), Decimal("0.00"))


# --- /ventas -------------------------------------------------------------------------------------


def mis_ventas(mes: dt.date, del_mes: list[Venta], razones: dict[int, str] | None = None) -> str:
    """`razones`: the reviewer's reason of each rejected sale, by sale id."""
    titulo = f"**Tus ventas de {nombre_mes(mes)}**"
    if not del_mes:
        return f"{titulo}\nNo tienes ventas en {nombre_mes(mes)}. {_REGISTRA}"
    cuentan = [v for v in del_mes if v.cuenta]
    lineas = [
        titulo,
        f"Cuentan {ventas(len(cuentan))}: **{dinero(_suma(cuentan, 'monto'))}** · "
        f"{tubos(sum(v.tubos for v in cuentan))} · "
        f"comisión **{dinero(_suma(cuentan, 'comision'))}**.",
        *_no_cuentan(del_mes),
        "",
        "| Fecha | Cliente | Monto | Tubos | Comisión | Estado |",
        "|---|---|--:|--:|--:|---|",
    ]
    lineas += [
        f"| {_fecha(v)} | {literal(v.cliente)} | {dinero(v.monto)} | {v.tubos} "
        f"| {dinero(v.comision)} | {_estado(v, razones)} |"
        for v in del_mes[-FILAS:]
    ]
    return "\n".join(lineas) + _resto(del_mes)


def _no_cuentan(lista: list[Venta]) -> list[str]:
    """One line per state that does not count: what is waiting, what was lost."""
    por_estado = Counter(v.estado for v in lista)
    lineas = []
    if revision := [v for v in lista if v.estado == Estado.EN_REVISION]:
        n = len(revision)
        lineas.append(
            f":warning: {ventas(n)} en revisión ({dinero(_suma(revision, 'monto'))}): "
            + plural(
                n,
                "no cuenta hasta que un revisor la apruebe.",
                "no cuentan hasta que un revisor las apruebe.",
            )
        )
    if esperando := por_estado[Estado.ESPERANDO_FOTO]:
        lineas.append(f":camera: {ventas(esperando)} esperando otra foto del ticket.")
    rechazadas, anuladas = por_estado[Estado.RECHAZADA], por_estado[Estado.ANULADA]
    perdidas = [
        f"{n} {plural(n, nombre, nombre + 's')}"
        for n, nombre in ((rechazadas, "rechazada"), (anuladas, "anulada"))
        if n
    ]
    if perdidas:
        cuenta = plural(rechazadas + anuladas, "no cuenta", "no cuentan")
        lineas.append(f":x: {' y '.join(perdidas)}: {cuenta}.")
    return lineas


# --- /comision -----------------------------------------------------------------------------------


def mi_comision(mes: dt.date, del_mes: list[Venta]) -> str:
    cuentan = [v for v in del_mes if v.cuenta]
    lineas = [f"**Tu comisión de {nombre_mes(mes)}: {dinero(_suma(cuentan, 'comision'))}**"]
    if cuentan:
        lineas += ["", "| Fecha | Cliente | Tubos | Comisión |", "|---|---|--:|---|"]
        lineas += [
            f"| {_fecha(v)} | {literal(v.cliente)} | {v.tubos} | {_parte(v)} |"
            for v in cuentan[-FILAS:]
        ]
        if len(cuentan) > FILAS:
            lineas.append(_resto(cuentan).strip())
    else:
        lineas.append(f"Aún no tienes ventas que cuenten en {nombre_mes(mes)}.")
    if revision := [v for v in del_mes if v.estado == Estado.EN_REVISION]:
        n, posible = len(revision), dinero(_suma(revision, "comision"))
        lineas.append(
            f":warning: En revisión: {ventas(n)} "
            + plural(
                n,
                f"que daría {posible} de comisión si se aprueba.",
                f"que darían {posible} de comisión si se aprueban.",
            )
        )
    return "\n".join(lineas)


def _parte(venta: Venta) -> str:
    """The sale's commission with the rule that produced it (stored with the sale)."""
    texto = linea_comision(venta).removeprefix("Comisión: ").replace("**", "")
    return texto.rstrip(".")


# --- /meta ---------------------------------------------------------------------------------------


def mi_meta(
    mes: dt.date, prog: Progreso | None, revision: tuple[int, Decimal], dias: int | None
) -> str:
    """`prog` is None for someone who never sold; `revision` counts and sums the sales in
    review; `dias` is what is left of the current month (None for another month)."""
    titulo = f"**Tu meta de {nombre_mes(mes)}**"
    if prog is None:
        return f"{titulo}\nAún no tienes ventas ni meta registradas. {_REGISTRA}"
    lineas = [titulo]
    if prog.meta_monto is None:
        lineas.append(
            f"Aún no tienes meta para {nombre_mes(mes)}; pídele a tu gerente que la registre. "
            f"Llevas {dinero(prog.monto)} y {tubos(prog.tubos)} en {ventas(prog.ventas)} "
            "que cuentan."
        )
    else:
        lineas += _avance(prog)
    n, monto = revision
    if monto:
        suma = plural(n, "que sumará si se aprueba", "que sumarán si se aprueban")
        lineas.append(f":warning: Además tienes {ventas(n)} en revisión ({dinero(monto)}) {suma}.")
    if dias is not None:
        lineas.append(f"Quedan {dias} días del mes." if dias != 1 else "Queda 1 día del mes.")
    return "\n".join(lineas)


def _avance(prog: Progreso) -> list[str]:
    falta = prog.meta_monto - prog.monto
    monto = f"Monto: {dinero(prog.monto)} de {dinero(prog.meta_monto)} ({prog.porcentaje_monto} %)"
    lineas = [monto + (f" · te faltan {dinero(falta)}." if falta > 0 else _CUMPLIDA)]
    if prog.meta_tubos:
        faltan = prog.meta_tubos - prog.tubos
        texto = f"Tubos: {prog.tubos} de {prog.meta_tubos} ({prog.porcentaje_tubos} %)"
        lineas.append(texto + (f" · te faltan {faltan}." if faltan > 0 else _CUMPLIDA))
    return lineas


# --- /ranking ------------------------------------------------------------------------------------


def ranking(mes: dt.date, filas: list, mm_user_id: str) -> str:
    """`filas`: sellers with their month's totals, best first (`totals_by_seller`)."""
    titulo = f"**Ranking de {nombre_mes(mes)}** (ventas registradas y aprobadas)"
    if not filas:
        return f"{titulo}\nTodavía no hay ventas que cuenten en {nombre_mes(mes)}."
    lineas = [titulo, "", "| # | Vendedor | Monto | Tubos | Ventas |", "|--:|---|--:|--:|--:|"]
    for posicion, v in enumerate(filas, start=1):
        nombre = literal(f"@{v.username}")
        if v.mm_user_id == mm_user_id:
            nombre = f"**{nombre} (tú)**"
        elif v.oculto_en_ranking:  # the seller asked not to be named (Vendedor row)
            nombre = f"Vendedor {posicion}"
        lineas.append(
            f"| {posicion} | {nombre} | {dinero(v.total_monto)} | {v.total_tubos} | {v.n_ventas} |"
        )
    if not any(v.mm_user_id == mm_user_id for v in filas):
        lineas.append(f"\nTú aún no tienes ventas que cuenten en {nombre_mes(mes)}.")
    return "\n".join(lineas)


# --- /venta and the commands' errors -------------------------------------------------------------

AYUDA_VENTA = f"""**Registrar una venta con `/venta`**
`/venta {EJEMPLO}`
También puedes agregar `@producto` y `@nota`, en cualquier orden:
`/venta @cliente Ferretería López @monto 2,300.50 @tubos 8 @producto Tubo PVC @nota transferencia`
Montos como los escribes: `1500`, `1,500`, `1.500`, `$1500`, `1500.50`, `1.500,50`.
El comando no lleva foto: te escribo por mensaje directo y ahí respondes con la foto del ticket."""

AYUDA = """Comandos de ventas (el mes es opcional, como `marzo`, `2025-03` o `mes pasado`; sin él, \
el mes actual):
• `/ventas [AAAA-MM]`: tus ventas del mes.
• `/comision [AAAA-MM]`: tu comisión, venta por venta.
• `/meta [AAAA-MM]`: cómo vas con tu meta del mes.
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
    # The command's name is the trigger Mattermost's admin registered, shown as code.
    return f":grey_question: No conozco el comando `{comando.replace('`', '')}`.\n{AYUDA}"


def mes_invalido(comando: str, texto: str) -> str:
    hoy = timezone.localdate()
    return (
        f":grey_question: No entendí el mes «{literal(texto)}». Escríbelo por su nombre o como "
        f"AAAA-MM, por ejemplo `{comando.replace('`', '')} noviembre`, "
        f"`{comando.replace('`', '')} {hoy:%Y-%m}` o `{comando.replace('`', '')} mes pasado`, o no "
        "escribas nada para el mes actual."
    )


def venta_invalida(problema: str) -> str:
    return f":x: No pude registrar la venta. {problema}\n\n{AYUDA_VENTA}"


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
    return f"{dinero(mensaje.monto)} · cliente {literal(mensaje.cliente)} · {tubos(mensaje.tubos)}"
