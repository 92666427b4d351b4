"""Worker tasks: thin, they load by id and call one service."""

from __future__ import annotations

from django.tasks import task

from sales import avisos, eventos


@task()
def procesar_evento(evento_id: int) -> str:
    return eventos.procesar_evento(evento_id)


@task()
def entregar_aviso(aviso_id: int) -> str:
    return avisos.entregar(aviso_id)


@task()
def barrer() -> dict[str, int]:
    """Re-queue lost work, then schedule the next sweep (a self-renewing periodic task)."""
    from sales import barrido

    result = barrido.barrer()
    barrido.programar_siguiente()
    return result


@task()
def procesar_edicion(evento_id: int) -> str:
    from sales import ediciones

    return ediciones.procesar_edicion(evento_id)


@task()
def procesar_borrado(evento_id: int) -> str:
    from sales import ediciones

    return ediciones.procesar_borrado(evento_id)


@task()
def procesar_comando(evento_id: int) -> str:
    return eventos.procesar_comando(evento_id)


@task()
def completar_nombre(vendedor_id: int) -> str:
    from sales import vendedores

    return vendedores.completar_nombre(vendedor_id)
