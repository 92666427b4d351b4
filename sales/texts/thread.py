"""What the bot writes in a sale's thread: the sale's state, why it is in review, the decision,
and the reasons the receipt checks give."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from sales.models import Motivo, Venta
from sales.reports.figures import Progreso
from sales.texts import EJEMPLO, dinero, literal, nombre_mes, tubos


def resumen_venta(venta: Venta) -> str:
    return f"{dinero(venta.monto)} · cliente {literal(venta.cliente)} · {tubos(venta.tubos)}"


def linea_comision(venta: Venta) -> str:
    if venta.comision > 0:
        extra = venta.tubos - venta.comision_umbral
        return (
            f"Comisión: **{dinero(venta.comision)}** ({tubos(extra)} arriba de "
            f"{venta.comision_umbral} × {dinero(venta.comision_por_tubo)})."
        )
    return (
        f"Comisión: {dinero(Decimal(0))} (se paga a partir de {tubos(venta.comision_umbral + 1)})."
    )


def linea_progreso(progreso: Progreso) -> str:
    mes = nombre_mes(progreso.mes)
    if progreso.meta_monto is None:
        return (
            f"En {mes} llevas {dinero(progreso.monto)} y {tubos(progreso.tubos)} "
            "(aún no tienes meta para este mes)."
        )
    texto = (
        f"Meta de {mes}: {dinero(progreso.monto)} de {dinero(progreso.meta_monto)} "
        f"({progreso.porcentaje_monto} %)"
    )
    if progreso.meta_tubos:
        texto += f" · {progreso.tubos} de {tubos(progreso.meta_tubos)}"
    return texto + "."


def venta_registrada(venta: Venta, progreso: Progreso) -> str:
    return "\n".join(
        [
            f":white_check_mark: Venta registrada: {resumen_venta(venta)}.",
            linea_comision(venta),
            linea_progreso(progreso),
        ]
    )


def fecha_fuera_de_rango(fecha, momento, dias: int) -> str:
    """Which date was read on the ticket, and why it does not fit the sale."""
    dia = timezone.localtime(momento).date()
    leida = f"{fecha:%d/%m/%Y}"
    if fecha > dia:
        return f"El ticket tiene fecha {leida}, posterior a la venta ({dia:%d/%m/%Y})."
    return f"El ticket tiene fecha {leida}: más de {dias} días antes de la venta ({dia:%d/%m/%Y})."


_QUE_HACER = {
    Motivo.FECHA_FUERA_DE_RANGO: (
        "La fecha del ticket no corresponde a la venta. Un revisor la va a revisar; si te "
        "equivocaste de ticket, responde en este hilo con la foto del correcto."
    ),
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


NO_PROCESADA = (
    ":x: No pude procesar este mensaje por un error de nuestro lado. Ya quedó registrado y una "
    "persona lo va a revisar; no hace falta que lo envíes de nuevo."
)


PISTA_FORMATO = (
    ":bulb: ¿Es una venta? Para registrarla escribe sus datos con etiquetas, así: "
    f"`{EJEMPLO}`, y adjunta la foto del ticket."
)


def mensaje_invalido(problema: str) -> str:
    return (
        f":x: No pude registrar la venta. {problema}\n"
        f"El formato es: `{EJEMPLO}` (puedes agregar `@producto` y `@nota`)."
    )


def venta_aprobada(
    venta: Venta, revisor: str, progreso: Progreso, cambios: list[str] | None = None
) -> str:
    """`cambios`: what the approval changed (`cambios_al_aprobar`), said before the summary."""
    con = f" con {' y '.join(cambios)}" if cambios else ""
    return "\n".join(
        [
            f":white_check_mark: Tu venta fue **aprobada**{con} por {literal(revisor)}: "
            f"{resumen_venta(venta)}.",
            linea_comision(venta),
            linea_progreso(progreso),
        ]
    )


_DE_DONDE = {
    ("monto", "leido"): " del ticket",
    ("monto", "corregido"): " corregido por el revisor",
    ("tubos", "leido"): " del ticket",
    ("tubos", "corregido"): " corregidos por el revisor",
}


def cambios_al_aprobar(venta: Venta, antes: dict, eleccion: dict[str, str]) -> list[str]:
    """`$5,331.77 del ticket en lugar de $3,732.24`, `4 tubos del ticket en lugar de 5`."""
    cambios = []
    monto_antes, tubos_antes = Decimal(str(antes["monto"])), int(antes["tubos"])
    if venta.monto != monto_antes:
        de_donde = _DE_DONDE.get(("monto", eleccion.get("monto", "")), "")
        cambios.append(f"{dinero(venta.monto)}{de_donde} en lugar de {dinero(monto_antes)}")
    if venta.tubos != tubos_antes:
        de_donde = _DE_DONDE.get(("tubos", eleccion.get("tubos", "")), "")
        cambios.append(f"{tubos(venta.tubos)}{de_donde} en lugar de {tubos_antes}")
    return cambios


_ELECCION = {"escrito": "lo escrito", "leido": "lo del ticket", "corregido": "una corrección"}


def nota_decision(eleccion: dict[str, str] | None, razon: str) -> str:
    """The audit note of a decision: which value the reviewer kept, and their reason."""
    partes = []
    if eleccion:
        partes.append(
            f"Monto: {_ELECCION.get(eleccion.get('monto'), '—')}; "
            f"tubos: {_ELECCION.get(eleccion.get('tubos'), '—')}."
        )
    if razon:
        partes.append(razon)
    return " ".join(partes)


def venta_rechazada(venta: Venta, revisor: str, razon: str) -> str:
    return (
        f":x: Tu venta fue **rechazada** por {literal(revisor)}: {resumen_venta(venta)}.\n"
        f"Razón: {literal(razon, 1000)}\nNo cuenta para tu comisión ni tu meta."
    )


def venta_corregida(venta: Venta, progreso: Progreso) -> str:
    return "\n".join(
        [
            f":pencil2: Corregí la venta con tu mensaje editado: {resumen_venta(venta)}.",
            linea_comision(venta),
            linea_progreso(progreso),
        ]
    )


# --- The receipt checks (sales/rules.py, sales/receipts.py) --------------------------------------

TOTAL_NO_ENCONTRADO = "No encontré el total en el ticket."
MISMA_FOTO = "es la misma foto"
FOTO_CASI_IDENTICA = "es una foto casi idéntica"
MISMOS_DATOS = "tiene el mismo total, fecha y comercio"


def ticket_ya_usado(otra: Venta, como: str) -> str:
    return (
        f"Este ticket ya se usó en la venta #{otra.pk} del "
        f"{timezone.localtime(otra.fecha):%d/%m/%Y a las %H:%M} ({dinero(otra.monto)}): {como}."
    )


def monto_distinto(total: Decimal, escrito: Decimal, diferencia_pct: Decimal) -> str:
    return (
        f"El ticket dice {dinero(total)} y escribiste {dinero(escrito)} "
        f"(diferencia de {diferencia_pct} %)."
    )


def tubos_distintos(leidos: int, escritos: int) -> str:
    return f"El ticket muestra {leidos} tubos y escribiste {escritos}."


# --- Review ---------------------------------------------------------------------------------------

RAZON_REQUERIDA = "Para rechazar una venta hay que escribir la razón."


def ronda_ya_decidida(venta_id: int, ronda: int) -> str:
    return f"La ronda {ronda} de la venta {venta_id} ya se decidió."


def venta_cambio(venta_id: int, version: int) -> str:
    return f"La venta {venta_id} cambió desde la versión {version}."


# --- Edits and deletes (audit notes) --------------------------------------------------------------

NOTA_BORRADA = "Publicación borrada en Mattermost."


def nota_editada(mensaje: str) -> str:
    return f"Mensaje editado en Mattermost: «{mensaje}»"


def edicion_invalida(venta: Venta, problema: str = "") -> str:
    """The edited text does not read as a sale (`problema` is empty when it has no tags)."""
    problema = problema or "tu mensaje ya no tiene los datos de la venta (@monto, @cliente, @tubos)"
    return (
        f":pencil2: No apliqué tu edición: {problema.rstrip('.')}.\n"
        f"La venta sigue como estaba: {resumen_venta(venta)}. "
        f"Corrige el mensaje con el formato `{EJEMPLO}`, o bórralo para anular la venta."
    )
