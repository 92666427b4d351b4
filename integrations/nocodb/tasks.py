"""Worker tasks for the NocoDB mirror: thin, they call one function."""

from __future__ import annotations

from django.tasks import task

from integrations.nocodb import sync


@task()
def empujar_nocodb() -> str:
    return sync.empujar()
