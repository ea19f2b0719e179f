"""Tag-like rows (a unique `name`): fetch the ones that exist, create the rest, in two or three queries."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models

T = TypeVar("T", bound=models.Model)


def named_rows(model: type[T], names: Sequence[str]) -> list[T]:
    """The rows of `model` called `names`, in that order, creating the missing ones. Two writers may
    create the same name at once: the conflict is ignored and both read the winner's row."""
    if not names:
        return []
    manager: Any = model._default_manager
    existing = {row.name: row for row in manager.filter(name__in=names)}
    missing = [model(name=n) for n in names if n not in existing]
    if missing:
        manager.bulk_create(missing, ignore_conflicts=True)
        existing = {row.name: row for row in manager.filter(name__in=names)}
    return [existing[n] for n in names]
