"""One UPDATE for many rows, each with its own values: `UPDATE ... FROM (VALUES ...)` by primary key."""

from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model


def bulk_update_values(objs: Sequence[Model], fields: Sequence[str]) -> int:
    """Write `fields` of every object in one statement (Django's bulk_update writes a CASE per field and
    row); the values go through each field's own preparation, `auto_now` included. Returns rows updated."""
    if not objs:
        return 0
    meta = type(objs[0])._meta
    pk = cast("Field[Any, Any]", meta.pk)
    columns = [cast("Field[Any, Any]", meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    names = [str(pk.column), *(str(f.column) for f in columns)]
    types = [str(pk.db_type(connection)), *(str(f.db_type(connection)) for f in columns)]
    rows: list[str] = []
    params: list[Any] = []
    for i, obj in enumerate(objs):
        values = [pk.get_db_prep_save(obj.pk, connection)]
        values += [f.get_db_prep_save(f.pre_save(obj, add=False), connection) for f in columns]
        # The first row's casts type each column, so a column of NULLs is not read as text.
        cells = [f"CAST(%s AS {t})" for t in types] if i == 0 else ["%s"] * len(values)
        rows.append("(" + ", ".join(cells) + ")")
        params += values
    # Identifiers from the model's own metadata, quoted; every value is a parameter.
    sql = "UPDATE {table} AS t SET {sets} FROM (VALUES {rows}) AS v ({names}) WHERE t.{pk} = v.{pk}".format(  # noqa: S608
        table=quote(meta.db_table),
        sets=", ".join(f"{quote(c)} = v.{quote(c)}" for c in names[1:]),
        rows=", ".join(rows),
        names=", ".join(quote(c) for c in names),
        pk=quote(names[0]),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
