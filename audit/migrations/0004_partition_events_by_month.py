"""On PostgreSQL the audit events are partitioned by month of `created_at` (audit/partitions.py).

The table is rebuilt: a partitioned table is made beside it with a partition for every month that has
events and the coming months, a default partition, and the same identity numbering carried on; the rows
are copied, the old table dropped and the new one takes its name, indexes, foreign key and append-only
triggers. PostgreSQL asks a partitioned table's primary key to hold the partition key, so the database
keeps (id, created_at) while Django keeps `id` as the key: ids still come from one sequence and stay
unique, and nothing refers to an event by anything but its id (seals keep ids as plain integers).

The copy runs under an exclusive lock on the table: on a large existing log this is downtime in
proportion to its size (docs/scaling.md). Django's model state does not change. SQLite: nothing to do.
"""

import datetime as dt

from django.db import migrations

from audit.partitions import (
    MONTHS_AHEAD,
    create_default_sql,
    create_month_sql,
    month_start,
    next_month,
    no_truncate_sql,
)

TABLE = "audit_auditevent"
BUILDING = "audit_auditevent_building"


def _structure(cursor):
    """The table's secondary indexes and foreign keys, as statements that recreate them by name."""
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s::regclass "
        "AND NOT i.indisprimary ORDER BY i.indexrelid",
        [TABLE],
    )
    indexes = [row[0].replace(" ON ONLY ", " ON ") for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
        "AND contype = 'f' ORDER BY conname",
        [TABLE],
    )
    foreign_keys = [
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}" for name, definition in cursor.fetchall()
    ]
    return indexes, foreign_keys


def _rebuild(schema_editor, *, partitioned):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        if (cursor.fetchone()[0] == "p") == partitioned:
            return
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        indexes, foreign_keys = _structure(cursor)
        months: set[dt.date] = set()
        if partitioned:
            cursor.execute(
                f"SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date FROM {TABLE}"  # noqa: S608
            )
            months = {row[0] for row in cursor.fetchall()}
            month = month_start(dt.datetime.now(dt.UTC))
            for _ in range(MONTHS_AHEAD + 1):
                months.add(month)
                month = next_month(month)
        cursor.execute(
            "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [TABLE],
        )
        columns = cursor.fetchone()[0]
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        sequence = cursor.fetchone()[0]

    statements = [
        f"CREATE TABLE {BUILDING} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING STORAGE "
        "INCLUDING COMPRESSION)" + (" PARTITION BY RANGE (created_at)" if partitioned else ""),
        # The numbering goes on exactly where it was, gaps from rolled-back ids included.
        f"SELECT setval(pg_get_serial_sequence('{BUILDING}', 'id'), last_value, is_called) FROM {sequence}",  # noqa: S608
    ]
    if partitioned:
        for month in sorted(months):
            statements += create_month_sql(month, parent=BUILDING)
        statements += create_default_sql(parent=BUILDING)
    statements += [
        f"INSERT INTO {BUILDING} ({columns}) SELECT {columns} FROM {TABLE}",  # noqa: S608
        f"DROP TABLE {TABLE}",
        f"ALTER TABLE {BUILDING} RENAME TO {TABLE}",
        f"ALTER SEQUENCE {BUILDING}_id_seq RENAME TO {TABLE}_id_seq",
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY "
        + ("(id, created_at)" if partitioned else "(id)"),
        *indexes,
        *foreign_keys,
        f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
        no_truncate_sql(TABLE),
    ]
    for sql in statements:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _rebuild(schema_editor, partitioned=True)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_checkpoint_reason_no_truncate")]
    operations = [migrations.RunPython(forwards, backwards)]
