"""One statement to insert a row unless its unique key is already stored.

`INSERT ... ON CONFLICT (key) DO NOTHING RETURNING id` (PostgreSQL, SQLite ≥ 3.35): on hot paths
it replaces get_or_create's SELECT + SAVEPOINT + INSERT + RELEASE, and concurrent inserts of one
key need no error recovery.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum

import psycopg
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    models,
    transaction,
)
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from psycopg import sql
from psycopg.types.json import Jsonb

from sales import queue


def insert_if_new(row: models.Model, *, key: str) -> bool:
    """Insert `row` unless a row with its `key` value exists; True (and its id set) if new."""
    meta = row._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Only quoted names from the model, never data, are formatted in; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING RETURNING {}".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        quote(meta.get_field(key).column),
        quote(meta.pk.column),
    )
    values = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        found = cursor.fetchone()
    if found is None:
        return False
    row.pk = found[0]
    row._state.adding = False
    return True


def insert_with_task(
    model: type[models.Model], values: dict, *, key: str, task_name: str
) -> int | None:
    """Insert a `model` row of `values` (by column; the other fields take their defaults) unless
    one with the same `key` is stored, and when new queue `task_name` with its id, as one
    statement. The new row's id, or None when it was already stored.

    On PostgreSQL the row and its django-tasks-db task row are written by a single
    `WITH new AS (INSERT ... RETURNING id) INSERT INTO <tasks> SELECT ... FROM new`: one round
    trip and one commit for the webhook's hot path, the two rows still atomic. No model instance
    is built (a third of the webhook's own CPU went to Django's `Model.__init__` and its
    connection proxy: docs/benchmarks.md). Elsewhere (SQLite) the usual two inserts in a
    transaction. tests/hardening/test_webhook_fast_path.py checks the task row is the one
    `Task.enqueue` would write.
    """
    if connection.vendor != "postgresql":
        row = model(**values)
        with transaction.atomic():
            if not insert_if_new(row, key=key):
                return None
            queue.enqueue(task_name, row.pk)
        return row.pk
    # The task row's one value that changes: its enqueue time (PostgreSQL draws its id, the
    # rest is written into the statement).
    params = [*_row_values(model, values), timezone.now()]
    found = _execute_once_more_on_a_broken_connection(_statement(model, key, task_name), params)
    return None if found is None else found[0]


def _row_values(model: type[models.Model], values: dict) -> list:
    """The row's column values as psycopg adapts them itself (JSON wrapped as JSON)."""
    return [
        _adapted(f, values[f.attname] if f.attname in values else default())
        for f, default in _defaults(model)
    ]


@functools.cache
def _defaults(model: type[models.Model]) -> list[tuple[models.Field, Callable[[], object]]]:
    """Each column's field and what gives its default: a fixed default is read once here, a
    callable one (a time) is called for each row."""
    return [
        (f, f.default if f.has_default() and callable(f.default) else _fixed(f.get_default()))
        for f in _fields(model)
    ]


def _fixed(value) -> Callable[[], object]:
    return lambda: value


def _adapted(field: models.Field, value):
    if isinstance(value, Enum):
        # A choice (`Tipo.PUBLICADO`) as its plain value: psycopg finds no adapter for the
        # choices class and searches its base classes by name on every call.
        return value.value
    return Jsonb(value) if value is not None and isinstance(field, models.JSONField) else value


@functools.cache
def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@functools.cache
def _task_fields() -> list[models.Field]:
    return [f for f in DBTaskResult._meta.concrete_fields if f.name != "args_kwargs"]


def _values(row: models.Model, fields: list[models.Field]) -> list:
    return [_adapted(f, getattr(row, f.attname)) for f in fields]


@functools.cache
def _task_constants(task_name: str) -> dict[str, str]:
    """What `Task.enqueue` writes for this task that is the same for every row, as SQL literals.

    Written into the statement rather than sent as parameters: psycopg would otherwise adapt
    the 12 values on every webhook though they never change (with them written in, a webhook
    costs its worker 11-13 % less CPU: docs/benchmarks.md). They come from the task's own
    settings, never from a request.
    """
    task = queue.task(task_name)
    row = DBTaskResult(
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after or get_date_max(),
        backend_name=task.backend,
    )
    return {
        f.column: sql.Literal(value).as_string().replace("%", "%%")
        for f, value in zip(_task_fields(), _values(row, _task_fields()), strict=True)
        if f.name not in ("id", "enqueued_at")
    }


@functools.cache
def _statement(model: type[models.Model], key: str, task_name: str) -> str:
    quote = connection.ops.quote_name
    meta, task_meta = model._meta, DBTaskResult._meta
    constants = _task_constants(task_name)
    task_columns = [task_meta.pk.column, task_meta.get_field("enqueued_at").column, *constants]
    template = (
        "WITH new AS (INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING "
        "RETURNING {} AS id) "
        "INSERT INTO {} ({}, {}) SELECT gen_random_uuid(), %s, {}, "
        "jsonb_build_object('args', jsonb_build_array(new.id), 'kwargs', '{{}}'::jsonb) "
        "FROM new RETURNING (args_kwargs #>> '{{args,0}}')::bigint"
    )
    # Only quoted names from the models and the task's literals (above), never data, are
    # formatted in; a row's values are parameters.
    return template.format(
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in _fields(model)),
        ", ".join(["%s"] * len(_fields(model))),
        quote(meta.get_field(key).column),
        quote(meta.pk.column),
        quote(task_meta.db_table),
        ", ".join(quote(column) for column in task_columns),
        quote(task_meta.get_field("args_kwargs").column),
        ", ".join(constants.values()),
    )


def _execute_once_more_on_a_broken_connection(sql: str, values: list):
    """Run the statement (outside any transaction: it is atomic by itself) and fetch its row.

    Django's per-request health check (a `SELECT 1` before the first query) would double the
    round trips of the webhook; instead the statement itself is the check: on a connection the
    database dropped (a restart) it fails, and runs again on a new one. Running it twice is
    harmless: ON CONFLICT makes the second one a no-op.
    """
    # One look-up of the thread's connection: each attribute read through the `connection`
    # proxy looks it up again.
    database = connections[DEFAULT_DB_ALIAS]
    for attempt in (1, 2):
        database.health_check_done = True  # the statement below is the check
        try:
            database.ensure_connection()
            # A psycopg cursor that binds the values on the server, the statement prepared once
            # per connection: Django's cursors bind them on the client, and PostgreSQL then
            # parses and plans the whole text every time (130 µs of its 500 here).
            _allow_preparing(database.connection)
            with database.wrap_database_errors, psycopg.Cursor(database.connection) as cur:
                cur.execute(sql, values, prepare=True)
                return cur.fetchone()
        except (OperationalError, InterfaceError):
            if attempt == 2 or database.in_atomic_block:
                raise
            database.close()
    return None


def _allow_preparing(raw: psycopg.Connection) -> None:
    """Let `prepare=True` prepare: Django opens its connections with `prepare_threshold=None`,
    which makes psycopg ignore `prepare=True` (and so kept the webhook's statement unprepared).

    Only cursors asking for it are affected: Django's own (client-side binding) never prepare.
    """
    if raw.prepare_threshold is None:
        raw.prepare_threshold = PREPARE_ONLY_WHEN_ASKED


# psycopg prepares a statement after this many runs, or at once with `prepare=True`: far above
# any count, so only the statements that ask are prepared.
PREPARE_ONLY_WHEN_ASKED = 2**31 - 1
