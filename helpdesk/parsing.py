"""Integers from what people send: query strings, path segments, cursors and form fields.

`str.isdigit()` is true for '²' and '٣', `int()` accepts '٣', ' 7 ', '+7' and '1_000', and a
PostgreSQL bigint column refuses anything past 2**63 - 1 with a database error. Every integer read
from a request goes through here instead: ASCII digits only, within the column's range.
"""

import json
import re
from typing import Any, overload

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helpdesk.errors import DomainError

# The largest value of a PostgreSQL bigint (and of Django's BigAutoField primary keys).
BIGINT_MAX = 2**63 - 1
# An integer column (AutoField, IntegerField, PositiveIntegerField).
INT_MAX = 2**31 - 1

_DIGITS = re.compile(r"-?[0-9]{1,19}", re.ASCII)


class InvalidInteger(DomainError):
    """A value that should have been a whole number in range; the API answers 400 with `field`."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, code="invalid")
        self.field = field


@overload
def parse_int(value: object, *, default: int, minimum: int = ..., maximum: int = ...) -> int: ...
@overload
def parse_int(
    value: object, *, default: None = ..., minimum: int = ..., maximum: int = ...
) -> int | None: ...
def parse_int(
    value: object, *, default: int | None = None, minimum: int = 0, maximum: int = BIGINT_MAX
) -> int | None:
    """`value` as an int when it is ASCII decimal digits (an optional leading '-') within
    [minimum, maximum]; else `default`. For lenient places such as a page's `?days=`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return default
    return number if minimum <= number <= maximum else default


def require_int(value: object, *, field: str, minimum: int = 0, maximum: int = BIGINT_MAX) -> int:
    """`value` as an int, or InvalidInteger naming `field` (a 400 from the API)."""
    number = parse_int(value, minimum=minimum, maximum=maximum)
    if number is None:
        raise InvalidInteger(
            _("%(field)s must be a whole number from %(minimum)s to %(maximum)s.")
            % {"field": field, "minimum": minimum, "maximum": maximum},
            field=field,
        )
    return number


def parse_id(value: object) -> int | None:
    """A primary key from a URL or a query: a positive bigint, else None (the caller answers 404)."""
    return parse_int(value, minimum=1, maximum=BIGINT_MAX)


# --- Text and JSON bodies ---------------------------------------------------------------------------

# Deeper than any body this API documents; a deeper one is an attack on the recursive code that
# walks it (validation, the audit log's canonical JSON), so it is refused before anything reads it.
MAX_JSON_DEPTH = 32

NUL_MESSAGE = gettext_noop("Null characters are not allowed.")
SURROGATE_MESSAGE = gettext_noop("Lone surrogate characters (U+D800 to U+DFFF) are not allowed.")
_SURROGATE = re.compile("[\ud800-\udfff]")


class InvalidJSON(ValueError):
    pass


def text_problem(value: str) -> str | None:
    """Why PostgreSQL (and UTF-8) cannot store `value`, or None: text columns refuse NUL, and a
    lone surrogate, which a JSON escape such as "\\ud800" can carry, has no UTF-8 encoding."""
    if "\x00" in value:
        return _(NUL_MESSAGE)
    if _SURROGATE.search(value):
        return _(SURROGATE_MESSAGE)
    return None


def json_loads(raw: bytes | str) -> Any:
    """json.loads that refuses nesting past MAX_JSON_DEPTH with InvalidJSON instead of a
    RecursionError (the C decoder's own limit) or a structure too deep for the code after it."""
    _nesting_check(raw)
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InvalidJSON(_("nested more than %(depth)s levels deep") % {"depth": MAX_JSON_DEPTH}) from None
    json_depth_check(data)
    return data


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _nesting_check(raw: bytes | str) -> None:
    """InvalidJSON when the text opens more than MAX_JSON_DEPTH lists or objects at once, found before
    the decoder recurses into them (strings skipped, so brackets inside them don't count)."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes | bytearray) else raw
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise InvalidJSON(_("nested more than %(depth)s levels deep") % {"depth": MAX_JSON_DEPTH})


def json_depth_check(data: Any) -> None:
    """InvalidJSON when `data` nests lists and objects past MAX_JSON_DEPTH; walks without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > MAX_JSON_DEPTH:
            raise InvalidJSON(_("nested more than %(depth)s levels deep") % {"depth": MAX_JSON_DEPTH})
        stack.extend((child, depth + 1) for child in children)


def unstorable_text(data: Any) -> dict[str, list[str]]:
    """Field errors for every string (values and keys, at any depth) that text_problem refuses,
    keyed by the top-level field it sits under (non_field_errors for a body that is not an object)."""
    errors: dict[str, list[str]] = {}
    stack: list[tuple[Any, str]] = [(data, "non_field_errors")]
    top = isinstance(data, dict)
    while stack:
        node, field = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node)
            if problem and problem not in errors.get(field, []):
                errors.setdefault(field, []).append(problem)
        elif isinstance(node, dict):
            for key, value in node.items():
                name = str(key) if node is data and top else field
                problem = text_problem(str(key))
                if problem:
                    # The key itself cannot be a field name in the answer either.
                    errors.setdefault("non_field_errors", []).append(problem)
                    name = "non_field_errors"
                stack.append((value, name))
        elif isinstance(node, list):
            stack.extend((item, field) for item in node)
    return errors
