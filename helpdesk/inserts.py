"""Unsaved model instances inserted as the parts of one data-modifying statement (PostgreSQL).

A new case writes a ticket, its first message, an audit record, tier 0's pending reading and the SLA
clock. Compiled by the ORM, each INSERT cost about a millisecond of Python and a round trip; here each
is a `name AS (INSERT ...)` part of one `WITH` statement whose SQL is written once per process, and a
part names the rows written before it by their part's name (`ticket.id`), so the ids never travel
back to Python in between. The values are the ones `save()` would write (`pre_save`, then the field's
`get_db_prep_save`), each cast to its column's type, as `INSERT ... SELECT` does not infer them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, router
from django.db.models import AutoField, BigAutoField, Field, Model, SmallAutoField
from django.db.models.signals import post_save, pre_save

from helpdesk.prepared import prepared_row

_AUTO = (AutoField, BigAutoField, SmallAutoField)
_MISSING = object()


@dataclass(frozen=True)
class CteInsert:
    """One part of the statement: `name AS (sql)`, its parameters (named `<name>_*`), and what to do
    with the key it returned (None when its condition wrote nothing)."""

    name: str
    sql: str
    params: dict[str, Any]
    written: Callable[[Any], None]


# Fields whose `get_db_prep_save` gives these values back as they are (and whose `pre_save` is the
# plain attribute): the values are passed without the per-field calls, which cost more than the rest of
# a new case's Python in the statement's parameters. Any other value (None excepted) takes the calls.
_AS_IS: tuple[tuple[type[Field[Any, Any]], tuple[type, ...]], ...] = (
    (models.BooleanField, (bool,)),
    (models.IntegerField, (int,)),
    (models.FloatField, (float,)),
    (models.CharField, (str,)),
    (models.TextField, (str,)),
    (models.ForeignKey, (int,)),
)


def _as_is(field: Field[Any, Any]) -> tuple[type, ...]:
    """The value types `field` passes to the database unchanged; () for those that convert."""
    if isinstance(field, models.DateTimeField):
        # Aware datetimes go to PostgreSQL as they are; auto_now and auto_now_add set theirs in pre_save.
        return () if field.auto_now or field.auto_now_add else (dt.datetime, type(None))
    for kind, types in _AS_IS:
        if isinstance(field, kind) and type(field).pre_save is Field.pre_save:
            return (*types, type(None))
    return ()


@functools.cache
def _insert_sql(
    model: type[Model], name: str, refs: tuple[tuple[str, str], ...], sources: tuple[str, ...], where: str
) -> tuple[str, tuple[tuple[str, Field[Any, Any], tuple[type, ...]], ...]]:
    meta = model._meta
    quote = connection.ops.quote_name
    given = dict(refs)
    fields = tuple(f for f in meta.concrete_fields if f.attname not in given and not isinstance(f, _AUTO))
    by_name = {f.attname: f for f in meta.concrete_fields}
    columns = [quote(str(f.column)) for f in fields] + [quote(str(by_name[a].column)) for a in given]
    if sources:
        values = [f"CAST(%({name}_{f.attname})s AS {_cast_type(f)})" for f in fields]
        # Names, types and expressions come from models and code, never from input.
        body = f"SELECT {', '.join([*values, *given.values()])} FROM {', '.join(sources)}"  # noqa: S608
        if where:
            body += f" WHERE {where}"
    else:
        values = [f"%({name}_{f.attname})s" for f in fields]
        body = f"VALUES ({', '.join([*values, *given.values()])})"
    table = quote(meta.db_table)
    key = quote(str(meta.pk.column))
    spec = tuple((f"{name}_{f.attname}", f, _as_is(f)) for f in fields)
    return f"INSERT INTO {table} ({', '.join(columns)}) {body} RETURNING {key}", spec


def _cast_type(field: Field[Any, Any]) -> str:
    """The column's type without its length or precision: a cast to `varchar(50)` would cut a longer
    value where the INSERT must refuse it (the column's own type checks it on assignment)."""
    cast = str(field.cast_db_type(connection))
    if re.match(r"^(varchar|char)\b", cast):
        return "text"
    return re.sub(r"^numeric\(.*\)$", "numeric", cast)


def cte_insert(
    obj: Model,
    name: str,
    *,
    written: Callable[[Any], None],
    refs: Mapping[str, str] | None = None,
    sources: Sequence[str] = (),
    where: str = "",
    params: Mapping[str, Any] | None = None,
) -> CteInsert:
    """`obj` (unsaved) as the part `name`: `refs` gives SQL for some fields instead of their values
    (`{"ticket_id": "ticket.id"}`), over the parts named in `sources`; `where` may hold the row back;
    `params` are the extra parameters `refs` and `where` use (named `<name>_*` as well)."""
    sql, spec = _insert_sql(type(obj), name, tuple((refs or {}).items()), tuple(sources), where)
    values: dict[str, Any] = {}
    held = obj.__dict__
    for param, field, as_is in spec:
        value = held.get(field.attname, _MISSING)
        if type(value) in as_is and (type(value) is not dt.datetime or value.tzinfo is not None):
            values[param] = value
        else:
            values[param] = field.get_db_prep_save(field.pre_save(obj, True), connection)
    values.update(params or {})
    return CteInsert(name=name, sql=sql, params=values, written=written)


def row_insert(obj: Model) -> None:
    """`obj.save(force_insert=True)` for a new row: on PostgreSQL one INSERT prepared on the connection
    (helpdesk/prepared.py), the same row, without the ORM compiling it on every call. The model's own
    `save()` is not called, so `save()` itself writes a row whose model a save signal's receiver
    listens to, or that the routers send to another database (and elsewhere than PostgreSQL)."""
    model = type(obj)
    if (
        connection.vendor != "postgresql"
        # Asked as `save()` asks it: a router may note the write (reads after it go to the primary).
        or router.db_for_write(model, instance=obj) != connection.alias
        or pre_save.has_listeners(model)
        or post_save.has_listeners(model)
    ):
        obj.save(force_insert=True)
        return
    # As `save()` does first: an unsaved related object is refused, one saved since it was set is used.
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    part = cte_insert(obj, "row", written=functools.partial(saved, obj))
    part.written(prepared_row(part.sql, part.params)[0])


def saved(obj: Model, pk: Any) -> None:
    """`obj` as `save()` leaves it once its row is written with key `pk`."""
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias
