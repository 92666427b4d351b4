"""Everything a manager or seller reads about plans, closes and adjustments, in Spanish (es-MX).

Part of the bot's catalogue (`sales.texts`).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sales import texts as mensajes
from sales.texts import dinero


def _mes(mes: dt.date) -> str:
    return mensajes.nombre_mes(mes)


def _Mes(mes: dt.date) -> str:
    return mensajes.nombre_mes(mes).capitalize()


# --- Help texts of the plan's fields -------------------------------------------------------------

AYUDA_VIGENTE_DESDE = (
    "El plan se aplica desde el primer día de este mes hasta que otro plan publicado lo reemplace."
)
AYUDA_UMBRAL = "Se paga por cada tubo de la venta arriba de este número."
AYUDA_ESCALON = (
    "Opcional: los tubos de la venta arriba de este número se pagan con la otra comisión por tubo."
)
AYUDA_ACELERADOR = (
    "Opcional, por ejemplo 1.5: al pasar su meta de tubos del mes, cada tubo arriba de la meta "
    "le paga al vendedor un extra de (acelerador − 1) × la comisión por tubo."
)

# --- Refusals ------------------------------------------------------------------------------------

PLAN_BLOQUEADO = (
    "Este plan ya se aplicó a un mes cerrado y no se puede modificar: publica otro plan que lo "
    "reemplace desde un mes posterior."
)
PLAN_NO_SE_BORRA = (
    "Un plan publicado no se borra: publica otro que lo reemplace (solo los borradores se borran)."
)
ESTADO_CUENTA_INMUTABLE = "Un estado de cuenta de un mes cerrado nunca se modifica ni se borra."
AJUSTE_INMUTABLE = "Un ajuste no se modifica ni se borra."
ESCALON_INCOMPLETO = "Para el escalón hacen falta el segundo umbral y su comisión por tubo."
ESCALON_BAJO = "El segundo umbral debe ser mayor que el umbral de tubos."
ACELERADOR_BAJO = "El acelerador debe ser al menos 1 (1.5 paga 50 % más)."
OTRO_PLAN_ESE_MES = (
    "Ya hay un plan publicado desde ese mes: edítalo, o publica este desde otro mes."
)
PRIMER_DIA = "El mes se guarda como su primer día."
SOLO_SUPERUSUARIO = "Solo un superusuario puede reabrir un mes."
FALTA_MOTIVO = "Escribe el motivo de la reapertura."


def plan_cubre_mes_cerrado(mes: dt.date) -> str:
    return (
        f"Así publicado, este plan se aplicaría a {_mes(mes)}, que ya está cerrado: elige un mes "
        "de inicio posterior."
    )


def mes_no_terminado(mes: dt.date) -> str:
    return f"{_Mes(mes)} aún no termina: solo se cierran meses terminados."


def mes_ya_cerrado(mes: dt.date) -> str:
    return f"{_Mes(mes)} ya está cerrado."


def mes_no_cerrado(mes: dt.date) -> str:
    return f"{_Mes(mes)} no está cerrado."


def ventas_pendientes(mes: dt.date, n: int) -> str:
    ventas = "1 venta" if n == 1 else f"{n} ventas"
    return (
        f"{_Mes(mes)} tiene {ventas} en revisión o esperando foto. Decídelas "
        "antes de cerrar, o confirma que quedan fuera del cierre (si se aprueban después, se "
        "pagan como ajuste en el siguiente mes abierto)."
    )


def hay_mes_posterior_cerrado(mes: dt.date, posterior: dt.date) -> str:
    return (
        f"No se puede reabrir {_mes(mes)}: {_mes(posterior)} ya está cerrado. "
        "Reabre primero los meses posteriores."
    )


# --- What the admin says -------------------------------------------------------------------------


def mes_cerrado(mes: dt.date, estados: int) -> str:
    cuenta = mensajes.plural(estados, "estado de cuenta", "estados de cuenta")
    return f"Cerraste {_mes(mes)}: {estados} {cuenta}."


def mes_reabierto(mes: dt.date) -> str:
    return (
        f"Reabriste {_mes(mes)}: sus estados de cuenta quedan como reemplazados y el mes "
        "vuelve a contar en vivo hasta que se cierre otra vez."
    )


def plan_publicado(plan: str, repreciadas: int) -> str:
    ventas = "1 venta" if repreciadas == 1 else f"{repreciadas} ventas"
    return f"Publicaste «{plan}». Se recalculó la comisión de {ventas} de meses abiertos."


_CAMBIOS = {
    "anulada": "la venta se anuló (se borró su publicación)",
    "rechazada": "la venta se rechazó",
    "aprobada": "la venta se aprobó o se corrigió",
    "registrada": "la venta se registró o se corrigió",
    "en_revision": "la venta volvió a revisión",
    "esperando_foto": "la venta espera otra foto del ticket",
}


def motivo_ajuste(estado: str, mes: dt.date) -> str:
    cambio = _CAMBIOS.get(estado, "la venta cambió")
    return f"Después del cierre de {_mes(mes)}, {cambio}."


def describir_regla(regla) -> str:
    """`$10.00 por tubo arriba de 3 · $15.00 arriba de 10 · × 1.5 sobre la meta de tubos`."""
    partes = [f"{dinero(regla.por_tubo)} por tubo arriba de {regla.umbral}"]
    if regla.tiene_escalon:
        partes.append(f"{dinero(regla.por_tubo_escalon)} arriba de {regla.umbral_escalon}")
    if regla.acelerador:
        partes.append(f"× {regla.acelerador.normalize()} sobre la meta de tubos")
    return " · ".join(partes)


# --- The statement, as the seller reads it (direct message, /comision, the PNG) -----------------


def _fecha(momento: dt.datetime) -> str:
    local = timezone.localtime(momento)
    return f"{local.day} de {mensajes.MESES[local.month - 1]} de {local.year}, {local:%H:%M}"


def titulo_estado(estado) -> str:
    return f"Estado de cuenta de {_mes(estado.mes)}"


def conceptos_estado(estado) -> list[tuple[str, str]]:
    """(concepto, importe) rows of a statement, in the order they add up."""
    meta = "sin meta"
    if estado.meta_monto is not None:
        meta = dinero(estado.meta_monto)
        if estado.avance_monto is not None:
            meta += f" ({int(estado.avance_monto)} %)"
    if estado.meta_tubos:
        meta += f" · {mensajes.tubos(estado.meta_tubos)}"
    filas = [
        ("Ventas que cuentan", str(estado.ventas)),
        ("Tubos", str(estado.tubos)),
        ("Monto vendido", dinero(estado.monto)),
        ("Meta del mes", meta),
        ("Comisión de las ventas", dinero(estado.comision_ventas)),
    ]
    if estado.acelerador:
        filas.append(("Acelerador por pasar la meta", dinero(estado.acelerador)))
    filas.append(("Ajustes de meses anteriores", dinero(estado.ajustes)))
    filas.append(("Total a pagar", dinero(estado.total)))
    return filas


def linea_ajuste(ajuste) -> str:
    """`Contracargo de -$20.00 · venta 123 de octubre de 2026: Después del cierre…`."""
    return (
        f"{ajuste.get_tipo_display()} de {dinero(ajuste.monto)} · venta {ajuste.venta_id} de "
        f"{_mes(ajuste.mes_origen)}: {ajuste.motivo}"
    )


def pie_estado(estado) -> str:
    plan = (
        f"Plan «{estado.plan.nombre}»: {describir_regla(estado.plan.regla)}. "
        if estado.plan
        else ""
    )
    return f"{plan}Mes cerrado por {estado.cerrado_por} el {_fecha(estado.cerrado_en)}."


def resumen_estado(estado, ajustes: list, *, adjunto: bool = False) -> str:
    """The statement as a Mattermost message (a direct message at the close, or /comision)."""
    lineas = [f"**Tu {titulo_estado(estado).lower()}** (mes cerrado)", ""]
    lineas += ["| Concepto | Importe |", "|---|--:|"]
    for concepto, importe in conceptos_estado(estado):
        if concepto == "Total a pagar":
            concepto, importe = f"**{concepto}**", f"**{importe}**"
        lineas.append(f"| {concepto} | {importe} |")
    if ajustes:
        lineas += ["", "Ajustes incluidos:"] + [
            f"• {mensajes.literal(linea_ajuste(a))}" for a in ajustes
        ]
    lineas += ["", pie_estado(estado)]
    if adjunto:
        lineas.append("Te adjunto el estado de cuenta completo, venta por venta, como imagen.")
    return "\n".join(lineas)


def sin_estado(mes: dt.date) -> str:
    return f"{_Mes(mes)} ya está cerrado y no tuviste ventas que contaran: no hay estado de cuenta."


# --- The daily leaderboard -----------------------------------------------------------------------


def nombre_oculto(posicion: int) -> str:
    """How a seller who opted out of being named appears on the leaderboard."""
    return f"Vendedor {posicion}"


def titulo_ranking(mes: dt.date, hoy: dt.date) -> str:
    return f"Ranking de {_mes(mes)} · al {hoy.day} de {mensajes.MESES[hoy.month - 1]}"


def ranking_diario(mes: dt.date, hoy: dt.date, filas: list, nombre) -> str:
    """The daily post: the month's ranking by amount, then tubes, with each goal's progress.
    `nombre(posición, fila)` is how a seller is shown (opted-out sellers by position)."""
    lineas = [f"**{titulo_ranking(mes, hoy)}** (ventas registradas y aprobadas)", ""]
    if not filas:
        return lineas[0] + f"\nTodavía no hay ventas que cuenten en {_mes(mes)}."
    lineas += ["| # | Vendedor | Monto | Tubos | Meta |", "|--:|---|--:|--:|---|"]
    for posicion, fila in enumerate(filas, start=1):
        meta = "sin meta"
        if fila.meta_monto:
            meta = f"{fila.avance} % de {dinero(fila.meta_monto)}"
            if fila.avance >= 100:
                meta = f":trophy: {meta}"
        lineas.append(
            f"| {posicion} | {mensajes.literal(nombre(posicion, fila))} | "
            f"{dinero(fila.monto)} | {fila.tubos} | {meta} |"
        )
    return "\n".join(lineas)
