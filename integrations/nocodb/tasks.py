"""Worker tasks for the NocoDB mirror: thin, they call one function."""

from __future__ import annotations

from django.tasks import task

from integrations.nocodb import push


@task()
def push_nocodb() -> str:
    return push.push()


# The path of the task before it was renamed: rows queued by an earlier version keep running
# after an upgrade (django-tasks-db imports a row's `task_path` when it runs it).
empujar_nocodb = push_nocodb
