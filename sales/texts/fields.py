"""What is wrong with a field of a sale message, as the seller reads it (`sales.parsing`)."""

from __future__ import annotations

from decimal import Decimal

from sales.texts import dinero, literal


def falta(campo: str) -> str:
    return f"Falta el dato @{campo}"


def quisiste_decir(escrita: str, campo: str) -> str:
    return f"¿Quisiste decir `@{campo}`? Escribiste «@{literal(escrita)}»"


def repetido(campo: str, primero: str, otro: str) -> str:
    return (
        f"Escribiste @{campo} dos veces («{literal(primero)}» y «{literal(otro)}»): deja solo uno"
    )


def monto_ilegible(raw: str) -> str:
    return f"No entiendo el monto «{literal(raw)}»: escribe solo la cantidad"


MONTO_CERO = "El monto debe ser mayor que cero"
MONTO_EN_DOLARES = "El monto va en pesos: escríbelo sin «USD», «US$» ni «dólares»"


def monto_grande(raw: str, maximo: Decimal) -> str:
    return f"El monto «{literal(raw)}» es demasiado grande: el máximo es {dinero(maximo)}"


def monto_ambiguo(raw: str) -> str:
    return (
        f"El monto «{literal(raw)}» es ambiguo: usa la coma para miles y el punto para centavos "
        "(1,500.50) o solo la cantidad (1500)"
    )


def tubos_ilegibles(raw: str) -> str:
    return f"«{literal(raw)}» no es un número entero de tubos"


TUBOS_NEGATIVOS = "Los tubos no pueden ser negativos"


def tubos_demasiados(raw: str, maximo: int) -> str:
    return f"«{literal(raw)}» son demasiados tubos: el máximo es {maximo:,}"


CLIENTE_LARGO = "El nombre del cliente es demasiado largo (máximo 200 letras)"
