"""Everything a seller reads in Mattermost, in Spanish. Amounts as `$1,500.00`."""

from __future__ import annotations

from decimal import Decimal

from sales.models import Motivo, Venta
from sales.parsing import EJEMPLO
from sales.reports import Progreso

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def dinero(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def nombre_mes(mes) -> str:
    return f"{MESES[mes.month - 1]} {mes.year}"


def _tubos(n: int) -> str:
    return "1 tubo" if n == 1 else f"{n} tubos"


def resumen_venta(venta: Venta) -> str:
    return f"{dinero(venta.monto)} · cliente {venta.cliente} · {_tubos(venta.tubos)}"


def linea_comision(venta: Venta) -> str:
    if venta.comision > 0:
        extra = venta.tubos - venta.comision_umbral
        return (
            f"Comisión: **{dinero(venta.comision)}** ({_tubos(extra)} arriba de "
            f"{venta.comision_umbral} × {dinero(venta.comision_por_tubo)})."
        )
    return (
        f"Comisión: {dinero(Decimal(0))} (se paga a partir de {_tubos(venta.comision_umbral + 1)})."
    )


def linea_progreso(progreso: Progreso) -> str:
    mes = nombre_mes(progreso.mes)
    if progreso.meta_monto is None:
        return (
            f"En {mes} llevas {dinero(progreso.monto)} y {_tubos(progreso.tubos)} "
            "(aún no tienes meta para este mes)."
        )
    texto = (
        f"Meta de {mes}: {dinero(progreso.monto)} de {dinero(progreso.meta_monto)} "
        f"({progreso.porcentaje_monto} %)"
    )
    if progreso.meta_tubos:
        texto += f" · {progreso.tubos} de {_tubos(progreso.meta_tubos)}"
    return texto + "."


def venta_registrada(venta: Venta, progreso: Progreso) -> str:
    return "\n".join(
        [
            f":white_check_mark: Venta registrada: {resumen_venta(venta)}.",
            linea_comision(venta),
            linea_progreso(progreso),
        ]
    )


_QUE_HACER = {
    Motivo.SIN_COMPROBANTE: (
        "No venía foto del ticket. Responde en este hilo con la foto del ticket para que "
        "la verifiquemos."
    ),
    Motivo.MONTO_NO_COINCIDE: (
        "El total del ticket no coincide con el monto que escribiste. Un revisor la va a "
        "revisar; si te equivocaste, edita tu mensaje con el monto correcto."
    ),
    Motivo.TOTAL_ILEGIBLE: (
        "No pude leer el total en la foto. Un revisor la va a revisar; si puedes, envía en "
        "este hilo una foto más clara y completa del ticket."
    ),
    Motivo.TUBOS_NO_COINCIDEN: (
        "Los tubos del ticket no coinciden con los que escribiste. Un revisor la va a revisar."
    ),
    Motivo.DUPLICADO: (
        "Ese ticket ya se usó en otra venta. Un revisor la va a revisar; si es un error, "
        "envía en este hilo la foto del ticket correcto."
    ),
    Motivo.EDITADA_TRAS_DECISION: (
        "Editaste el mensaje después de que un revisor la decidió: vuelve a revisión."
    ),
}


FOTO_RECIBIDA = ":frame_with_picture: Recibí la foto del ticket para esta venta."


def foto_inservible(venta: Venta) -> str:
    return "\n".join(
        [
            f":camera: Recibí tu venta ({resumen_venta(venta)}), pero no puedo usar la foto. "
            f"{venta.motivo_detalle}".strip(),
            "Envía otra foto del ticket en este hilo: completa, enfocada, con buena luz y sin "
            "cortar el total. Mientras tanto la venta no cuenta para tu comisión ni tu meta.",
        ]
    )


def venta_en_revision(venta: Venta, progreso: Progreso) -> str:
    lineas = [
        f":warning: Venta recibida, pero queda **en revisión** ({venta.get_motivo_display()}): "
        f"{resumen_venta(venta)}.",
        _QUE_HACER.get(venta.motivo, "Un revisor la va a revisar."),
    ]
    if venta.motivo_detalle:
        lineas.append(venta.motivo_detalle)
    lineas.append(
        f"No cuenta para tu comisión ni tu meta hasta que se apruebe. {linea_comision(venta)}"
    )
    return "\n".join(lineas)


def mensaje_invalido(problema: str) -> str:
    return (
        f":x: No pude registrar la venta. {problema}\n"
        f"El formato es: `{EJEMPLO}` (puedes agregar `@producto` y `@nota`)."
    )


def venta_aprobada(venta: Venta, revisor: str, progreso: Progreso) -> str:
    return "\n".join(
        [
            f":white_check_mark: Tu venta fue **aprobada** por {revisor}: {resumen_venta(venta)}.",
            linea_comision(venta),
            linea_progreso(progreso),
        ]
    )


def venta_rechazada(venta: Venta, revisor: str, razon: str) -> str:
    return (
        f":x: Tu venta fue **rechazada** por {revisor}: {resumen_venta(venta)}.\n"
        f"Razón: {razon}\nNo cuenta para tu comisión ni tu meta."
    )


def venta_corregida(venta: Venta, progreso: Progreso) -> str:
    return "\n".join(
        [
            f":pencil2: Corregí la venta con tu mensaje editado: {resumen_venta(venta)}.",
            linea_comision(venta),
            linea_progreso(progreso),
        ]
    )
