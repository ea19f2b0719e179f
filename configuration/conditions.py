"""The routing rule's condition builder: rows of field → operator → value, read from a form and turned
into the JSON list routing/rules.py evaluates (and validates), and back.

A row's value widget follows its field: a list of known values (VIP level, category...) is a select,
several of them for "in" and "not in"; a number is a number input; free text a text input; "is set"
and "is not set" take no value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext

from customers.models import AccountFlag, KycStatus, VipLevel
from routing.rules import FIELDS, OP_LABELS, OPS_BY_KIND, PRIORITIES
from tickets.models import Category, Channel

PREFIX = "c"
# Keeps a pasted form from growing the page (and the rule) without end.
MAX_ROWS = 20
# The order operators are offered in, whatever the field's kind.
OP_ORDER = (
    "eq",
    "ne",
    "in",
    "not_in",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "not_contains",
    "is_set",
    "not_set",
)
NO_VALUE = ("is_set", "not_set")
MANY = ("in", "not_in")


def known_values(name: str) -> list[tuple[str, str]]:
    """(value, label) of every value the fact can take, or [] when it is free (region, subject...)."""
    choices: dict[str, Any] = {
        "vip_level": VipLevel.choices,
        "kyc_status": KycStatus.choices,
        "account_flags": AccountFlag.choices,
        "category": Category.choices,
        "channel": Channel.choices,
        "priority": [(p, p) for p in PRIORITIES],
        "language": settings.LANGUAGES,
    }
    return [(str(value), str(label)) for value, label in choices.get(name, [])]


@dataclass
class Row:
    index: int
    fact: str = ""
    op: str = ""
    value: Any = None  # a string, or a list of strings for "in" / "not in"
    ops: list[tuple[str, str]] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def widget(self) -> str:
        """select, multi, number, text or none: what the value is typed with."""
        if not self.fact or self.op in NO_VALUE:
            return "none"
        if self.options:
            return "multi" if self.op in MANY else "select"
        if FIELDS[self.fact]["kind"] == "number":
            return "number"
        return "text"

    @property
    def values(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [] if self.value in (None, "") else [str(self.value)]

    @property
    def text(self) -> str:
        return ", ".join(self.values)

    def name(self, part: str) -> str:
        return f"{PREFIX}-{self.index}-{part}"


def field_choices() -> list[tuple[str, str]]:
    return [(name, gettext(spec["label"])) for name, spec in FIELDS.items()]


def _row(index: int, name: str, op: str, value: Any) -> Row:
    if name not in FIELDS:
        return Row(index=index)
    allowed = OPS_BY_KIND[FIELDS[name]["kind"]]
    ops = [(o, OP_LABELS[o]) for o in OP_ORDER if o in allowed]
    # A field changed under a kept operator it does not take: its first operator instead.
    op = op if op in allowed else ops[0][0]
    options = known_values(name)
    if op in MANY and not isinstance(value, list):
        value = [] if value in (None, "") else [value]
    if op not in MANY and isinstance(value, list):
        value = value[0] if value else ""
    return Row(index=index, fact=name, op=op, value=value, ops=ops, options=options)


def rows_from_conditions(conditions: Any) -> list[Row]:
    """A stored rule's conditions as rows (the edit page's first view)."""
    if not isinstance(conditions, list):
        return []
    rows: list[Row] = []
    for raw in conditions:
        if isinstance(raw, dict):
            rows.append(_row(len(rows), str(raw.get("field", "")), str(raw.get("op", "")), raw.get("value")))
    return rows


def rows_from_post(data: QueryDict) -> list[Row]:
    """The rows the form sent, with one added ("add") or one taken out ("remove" = its index)."""
    try:
        count = min(int(data.get(f"{PREFIX}-count", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    removed = data.get("remove", "")
    rows: list[Row] = []
    for i in range(max(count, 0)):
        if str(i) == removed:
            continue
        op = data.get(f"{PREFIX}-{i}-op", "")
        value: Any = (
            data.getlist(f"{PREFIX}-{i}-value") if op in MANY else data.get(f"{PREFIX}-{i}-value", "")
        )
        if op in MANY and len(value) == 1 and "," in value[0]:
            # Free-text facts take "in" as comma-separated words in one text box.
            value = [part.strip() for part in value[0].split(",") if part.strip()]
        rows.append(_row(len(rows), data.get(f"{PREFIX}-{i}-field", ""), op, value))
    if data.get("add") and len(rows) < MAX_ROWS:
        rows.append(Row(index=len(rows)))
    return rows


def _number(value: Any) -> Any:
    """A number typed in a form, stored as a JSON number when it is one (routing/rules.py refuses the
    rest with its own message)."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def conditions_from_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """The JSON the rule stores; rows with no field chosen are left out."""
    conditions: list[dict[str, Any]] = []
    for row in rows:
        if not row.fact:
            continue
        condition: dict[str, Any] = {"field": row.fact, "op": row.op}
        if row.op not in NO_VALUE:
            if row.op in MANY:
                condition["value"] = row.values
            elif FIELDS[row.fact]["kind"] == "number":
                condition["value"] = _number(row.value)
            else:
                # Left empty: routing/rules.py says the operator needs a value.
                condition["value"] = None if row.value in (None, "") else str(row.value)
        conditions.append(condition)
    return conditions
