"""Taking replies for delivery in one statement.

`UPDATE … SET <lease> WHERE id IN (…) AND <pending and free> RETURNING *` (PostgreSQL, SQLite ≥
3.35): each row is taken by exactly one worker (the other's WHERE no longer matches once the
first has written its lease), and the rows come back with the values just written. A sale's
reply and reaction then cost one round trip to take instead of an UPDATE and a SELECT each
(docs/benchmarks.md, "Eleventh session: replies taken in one statement").
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from sales.models import AvisoMattermost


def claim_replies(ids: list[int], *, until: dt.datetime, now: dt.datetime) -> list[AvisoMattermost]:
    """The items among `ids` still pending and not held by another worker, now held `until`;
    `primer_intento` set to `now` where no attempt had started."""
    if not ids:
        return []
    meta = AvisoMattermost._meta
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    # Only quoted names from the model, never data, are formatted in; values are parameters.
    sql = (  # noqa: S608
        "UPDATE {table} SET {lease} = %s, {first} = COALESCE({first}, %s) "
        "WHERE {pk} IN ({ids}) AND {estado} = %s AND ({lease} IS NULL OR {lease} < %s) "
        "RETURNING *"
    ).format(
        table=quote(meta.db_table),
        lease=column("reclamado_hasta"),
        first=column("primer_intento"),
        pk=quote(meta.pk.column),
        ids=", ".join(["%s"] * len(ids)),
        estado=column("estado"),
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(until), adapt(now), *ids, AvisoMattermost.EstadoEnvio.PENDIENTE, adapt(now)]
    return list(AvisoMattermost.objects.raw(sql, params))
