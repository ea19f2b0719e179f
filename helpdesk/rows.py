"""Model rows read and written with SQL written once per process, for the hottest paths.

Compiling an ORM query costs about a millisecond of Python per statement, more than PostgreSQL takes
to run the statements of a chat message. These helpers write a model's column list once per process
and turn a fetched row into the instance the ORM would have built (the fields' converters applied),
so a hot path can run a fixed statement through `helpdesk.prepared.execute_prepared`.
"""

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related import ForeignObjectRel
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

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
def _loading(model: type[Model]) -> tuple[list[str], list[tuple[int, Any, list[_Converter]]], bool]:
    fields = model._meta.concrete_fields
    converters = [
        (index, field, found)
        for index, field in enumerate(fields)
        if (found := field.get_db_converters(connection))
    ]
    return [f.attname for f in fields], converters, _plain(model)


def _plain(model: type[Model]) -> bool:
    """Whether `Model.__init__` over a full row only stores each value under its attname: the model
    keeps Django's own `__init__` and `from_db`, and every field's attribute is Django's plain one
    (`DeferredAttribute`, or a foreign key's, whose setter only drops a cached object a new instance
    does not have). A field with a descriptor of its own (files, images) needs the real `__init__`."""
    if model.__init__ is not Model.__init__ or model.from_db.__func__ is not Model.from_db.__func__:  # type: ignore[attr-defined]
        return False
    for field in model._meta.concrete_fields:
        found = next((k.__dict__[field.attname] for k in model.__mro__ if field.attname in k.__dict__), None)
        if type(found) not in (DeferredAttribute, ForeignKeyDeferredAttribute):
            return False
    return True


def instance(model: type[M], values: Sequence[Any]) -> M:
    """The row (its columns as `columns(model, ...)` lists them) as the ORM would load it."""
    attnames, converters, plain = _loading(model)
    db = connections[DEFAULT_DB_ALIAS]
    converted = list(values)
    for index, field, field_converters in converters:
        value = converted[index]
        for converter in field_converters:
            value = converter(value, field, db)
        converted[index] = value
    if (
        not plain
        or len(converted) != len(attnames)
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return model.from_db(db.alias, attnames, converted)
    # What `from_db` builds, without `__init__`'s walk over the fields and its two signal sends (no
    # receivers): a hot path loads several wide rows per message.
    obj = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = db.alias
    obj.__dict__.update(zip(attnames, converted, strict=True))
    obj._state = state
    return obj


_Building = tuple[tuple[str, str, bool, Callable[[], Any]], ...]


@functools.cache
def _building(model: type[Model]) -> _Building | None:
    """Per field `Model.__init__` sets from keywords: its name, attname, whether it takes a related
    object by name, and its default. None when the model needs the real `__init__` (`_plain`)."""
    if model._meta.abstract or not _plain(model):
        return None
    return tuple(
        (f.name, f.attname, isinstance(f.remote_field, ForeignObjectRel), f.get_default)
        for f in model._meta.fields
        if f.column is not None and not f.generated
    )


def unsaved(model: type[M], **values: Any) -> M:
    """`model(**values)`, a new instance, as `Model.__init__` builds it from keywords: each field's value
    or its default, a related object set through its descriptor (which caches it and checks it as
    the ORM does). `__init__` pays an exception for every field not given and two signal sends; a new
    case builds several wide instances. Anything else (properties, unknown names, signal receivers, a
    model with an `__init__` or field descriptors of its own) is built by `model(**values)` itself."""
    plan = _building(model)
    if plan is None or pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    held = obj.__dict__
    left = dict(values)
    for name, attname, related, default in plan:
        if related and name in left:
            value = left.pop(name)
            if value is None:
                # What the descriptor does with None on an instance that has cached nothing yet.
                held[attname] = None
                obj._state.fields_cache[name] = None
            else:
                setattr(obj, name, value)
        elif attname in left:
            held[attname] = left.pop(attname)
        else:
            held[attname] = default()
    if left:
        return model(**values)
    return obj


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
    db = connections[DEFAULT_DB_ALIAS]
    params: dict[str, Any] = {f"{prefix}pk__": obj.pk}
    values = obj.__dict__
    for name, attname, field, kind, adapt in _saving(type(obj), fields, prefix, db.vendor):
        value = values.get(attname, _MISSING)
        # A value of the type the field prepares unchanged is adapted as the field would (PostgreSQL's
        # integer fields wrap it in their column's type); any other (a choice's enum, a naive
        # datetime, a string for a number, a field that stamps itself) goes through the field.
        if value is None and kind is not None:
            params[name] = None
        elif (
            kind is not None and type(value) is kind and (kind is not dt.datetime or value.tzinfo is not None)
        ):
            params[name] = value if adapt is None else adapt(value)
        else:
            params[name] = field.get_db_prep_save(field.pre_save(obj, False), db)
    return params


_MISSING = object()
# What a field of each exact class gives back for a value of this exact type, when that is the value
# itself or the value wrapped in a type of its own (checked once per field, `_saving`). A subclass may
# prepare its values otherwise and is left to Django.
_SAMPLES: dict[type[Any], tuple[type[Any], Any]] = {
    models.BooleanField: (bool, True),
    models.CharField: (str, "x"),
    models.TextField: (str, "x"),
    models.IntegerField: (int, 7),
    models.BigIntegerField: (int, 7),
    models.SmallIntegerField: (int, 7),
    models.PositiveIntegerField: (int, 7),
    models.PositiveBigIntegerField: (int, 7),
    models.PositiveSmallIntegerField: (int, 7),
    models.FloatField: (float, 1.5),
    models.DateTimeField: (dt.datetime, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    models.ForeignKey: (int, 7),
    models.OneToOneField: (int, 7),
}
_Saving = tuple[str, str, Any, type[Any] | None, Callable[[Any], Any] | None]


@functools.cache
def _saving(model: type[Model], fields: tuple[str, ...] | None, prefix: str, vendor: str) -> list[_Saving]:
    """Per column `update_params` writes: its parameter's name, attname, field, the type of a value
    it may prepare without the field (None: every value goes through the field), and how to adapt
    such a value (None: as it is)."""
    db = connections[DEFAULT_DB_ALIAS]
    plan: list[_Saving] = []
    for field in model._meta.concrete_fields:
        if field.primary_key or (fields is not None and field.attname not in fields):
            continue
        kind: type[Any] | None = None
        adapt: Callable[[Any], Any] | None = None
        found = _SAMPLES.get(type(field))
        if found is not None and vendor == "postgresql" and not getattr(field, "auto_now", False):
            kind, sample = found
            prepared = field.get_db_prep_save(sample, db)
            if type(prepared) is kind and prepared == sample:
                adapt = None
            elif isinstance(prepared, kind) and prepared == sample and kind is int:
                adapt = type(prepared)  # psycopg's Int2/Int4/Int8, as Django's integer fields bind
            else:
                kind = None
            if type(field.get_db_prep_save(None, db)) is not type(None):
                kind = None
        plan.append((prefix + field.attname, field.attname, field, kind, adapt))
    return plan
