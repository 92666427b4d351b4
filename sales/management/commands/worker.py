"""`python manage.py worker`: django-tasks-db's `db_worker`, plus the sweep.

Before working through the queue it re-queues work whose task was lost while no worker ran (a
worker killed mid-task) and makes sure the periodic sweep is scheduled. Takes every `db_worker`
option.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sales import barrido


class Command(DbWorkerCommand):
    help = "Runs the task worker (db_worker) after re-queuing lost work."

    def handle(self, *args, **options):
        found = barrido.barrer()
        barrido.programar_siguiente()
        self.stderr.write(f"Barrido inicial: {found}")
        return super().handle(*args, **options)
