"""The least a durable acknowledgement can cost: a bare WSGI app (no Django, no validation) that
commits one prepared INSERT per request through psycopg before answering (bench/webhook.py).

Its throughput is the ceiling for any webhook that keeps the event committed before the answer
on this machine: gunicorn, the load generator and PostgreSQL share the same cores.
"""

import os
from urllib.parse import parse_qsl

import psycopg
from psycopg.types.json import Jsonb

_connection = None

TABLE = (
    "CREATE TABLE IF NOT EXISTS bench_durable "
    "(id bigserial PRIMARY KEY, post_id text UNIQUE NOT NULL, body jsonb NOT NULL)"
)
INSERT = "INSERT INTO bench_durable (post_id, body) VALUES (%s, %s) ON CONFLICT DO NOTHING"


def create_table(database_url: str) -> None:
    """Before the workers start: five of them creating it at once would collide."""
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as connection:
        connection.execute(TABLE)


def _database():
    global _connection
    if _connection is None:
        url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        _connection = psycopg.connect(url, autocommit=True, prepare_threshold=0)
    return _connection


def app(environ, start_response):
    fields = dict(parse_qsl(environ["wsgi.input"].read().decode()))
    if environ.get("PATH_INFO") == "/mattermost/webhook":
        _database().execute(INSERT, (fields["post_id"], Jsonb(fields)), prepare=True)
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]
