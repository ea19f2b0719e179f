"""Model rows read and written with SQL written once per process, for the hottest paths.

Compiling an ORM query costs about a millisecond of Python per statement, more than PostgreSQL takes
to run the statements of a chat message. These helpers write a model's column list once per process
and turn a fetched row into the instance the ORM would have built (the fields' converters applied),
so a hot path can run a fixed statement through `helpdesk.prepared.execute_prepared`.
"""

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)
_Converter = Callable[[Any, Any, Any], Any]


@functools.cache
def columns(model: type[Model], alias: str) -> str:
    """`alias.col, ...` for every concrete field of `model`, in the fields' order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields)


@functools.cache
def width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)


@functools.cache
def _loading(model: type[Model]) -> tuple[list[str], list[tuple[int, Any, list[_Converter]]]]:
    fields = model._meta.concrete_fields
    converters = [
        (index, field, found)
        for index, field in enumerate(fields)
        if (found := field.get_db_converters(connection))
    ]
    return [f.attname for f in fields], converters


def instance(model: type[M], values: Sequence[Any]) -> M:
    """The row (its columns as `columns(model, ...)` lists them) as the ORM would load it."""
    attnames, converters = _loading(model)
    converted = list(values)
    for index, field, field_converters in converters:
        value = converted[index]
        for converter in field_converters:
            value = converter(value, field, connection)
        converted[index] = value
    return model.from_db(connection.alias, attnames, converted)


@functools.cache
def update_sql(model: type[Model], fields: tuple[str, ...] | None = None, prefix: str = "") -> str:
    """`UPDATE table SET every non-key column WHERE key`, with named parameters (`update_params`).
    `fields`: only the columns of these attnames (a row held under its lock, the rest unchanged).
    `prefix`: before every parameter's name, for a statement that also writes another table."""
    meta = model._meta
    quote = connection.ops.quote_name
    sets = ", ".join(
        f"{quote(str(f.column))} = %({prefix}{f.attname})s"
        for f in meta.concrete_fields
        if not f.primary_key and (fields is None or f.attname in fields)
    )
    key = quote(str(meta.pk.column))
    return f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {key} = %({prefix}pk__)s RETURNING 1"  # noqa: S608


def update_params(obj: Model, fields: tuple[str, ...] | None = None, prefix: str = "") -> dict[str, Any]:
    """The parameters of `update_sql` for `obj`, as `save()` would write them (auto_now included)."""
    params: dict[str, Any] = {f"{prefix}pk__": obj.pk}
    for field in obj._meta.concrete_fields:
        if not field.primary_key and (fields is None or field.attname in fields):
            params[prefix + field.attname] = field.get_db_prep_save(field.pre_save(obj, False), connection)
    return params
