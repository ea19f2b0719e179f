"""Many rows in one short statement: the rows travel as one JSON parameter, unpacked by PostgreSQL.

Django's bulk_create and bulk_update write one placeholder per field and row (a CASE per field and row
for updates); with client-side binding the driver parses those thousands of placeholders on every
call, which costs more than the database's work. Here the statement is as short for 500 rows as for
one, and `json.dumps` does the rest. For plain columns: numbers, strings, booleans, aware datetimes,
dates, JSON values and foreign keys' ids. PostgreSQL only; elsewhere Django's own bulk methods.
"""

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model


def _fields(model: type[Model], names: Sequence[str] | None) -> list["Field[Any, Any]"]:
    meta = model._meta
    if names is None:
        return [cast("Field[Any, Any]", f) for f in meta.concrete_fields if not f.primary_key]
    return [cast("Field[Any, Any]", meta.get_field(n)) for n in names]


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _rows(objs: Sequence[Model], fields: Sequence["Field[Any, Any]"], *, add: bool) -> str:
    """The rows as a JSON array: each object's columns, its primary key and its position."""
    for f in fields:
        if getattr(f, "auto_now", False) or (add and getattr(f, "auto_now_add", False)):
            for obj in objs:
                f.pre_save(obj, add=add)
    pk = str(cast("Field[Any, Any]", objs[0]._meta.pk).column)
    rows = []
    for n, obj in enumerate(objs):
        row = {str(f.column): _value(getattr(obj, f.attname)) for f in fields}
        row[pk] = obj.pk
        row["_n"] = n
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _record(fields: Sequence["Field[Any, Any]"]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{quote(str(f.column))} {f.rel_db_type(connection)}" for f in fields)


def insert_rows(objs: Sequence[Model]) -> None:
    """INSERT every object, in order, in one statement, and set their primary keys; no signals are sent
    (as with bulk_create, which it is on other databases)."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    fields = _fields(model, None)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    pk = quote(str(cast("Field[Any, Any]", meta.pk).column))
    # Identifiers and types from the model's own metadata, quoted; every value is in the one parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {columns} "  # noqa: S608
        f"FROM jsonb_to_recordset(%s::jsonb) AS v ({_record(fields)}, _n integer) ORDER BY _n RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_rows(objs, fields, add=True)])
        ids = [row[0] for row in cursor.fetchall()]
    for obj, new in zip(objs, ids, strict=True):
        obj.pk = new
        obj._state.adding = False
        obj._state.db = connection.alias


def update_rows(objs: Sequence[Model], names: Sequence[str]) -> int:
    """UPDATE the named fields of every object, by primary key, in one statement; rows updated."""
    if not objs:
        return 0
    model = type(objs[0])
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_update(objs, list(names))
    meta = model._meta
    fields = _fields(model, names)
    pk_field = cast("Field[Any, Any]", meta.pk)
    quote = connection.ops.quote_name
    pk = quote(str(pk_field.column))
    sets = ", ".join(f"{quote(str(f.column))} = v.{quote(str(f.column))}" for f in fields)
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {sets} "  # noqa: S608
        f"FROM jsonb_to_recordset(%s::jsonb) AS v ({_record([pk_field, *fields])}, _n integer) "
        f"WHERE t.{pk} = v.{pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_rows(objs, fields, add=False)])
        return cursor.rowcount
