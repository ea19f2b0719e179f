"""A custom field's value by type: read from what a person or a client sent, checked, and shown.

`clean_value(field, raw)` takes a form's or a query string's text, or a JSON value from the API, and
returns the Python value stored in the field's column (None: empty), or raises ValidationError with a
message that names what is wrong. Pure functions, no database.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from customfields.models import AMOUNT_DIGITS, AMOUNT_PLACES, MAX_TEXT, FieldDefinition, FieldType
from triage.mentions import SUSPECT, extract

MAX_NUMBER = 2**63 - 1
_INTEGER = re.compile(r"^[+-]?[0-9]{1,19}$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+)(?:\.([0-9]+))?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _text(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValidationError(_("Enter text."), code="invalid")
    text = str(raw).replace("\x00", "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(_("Use at most %(count)s characters.") % {"count": MAX_TEXT}, code="max_length")
    return text


def _number(text: str) -> int:
    if not _INTEGER.match(text) or abs(int(text)) > MAX_NUMBER:
        raise ValidationError(_("Enter a whole number such as 42."), code="invalid")
    return int(text)


def _decimal(text: str) -> Decimal:
    # Digits only (no exponent, no thousands separators): "1e3" or "1,000" mean different amounts to
    # different people, and an amount must be stored as written.
    match = _DECIMAL.match(text)
    if not match:
        raise ValidationError(
            _("Enter an amount such as 1234.5678 (a point, no separators)."), code="invalid"
        )
    whole, fraction = match.group(1).lstrip("0"), match.group(2) or ""
    if len(fraction) > AMOUNT_PLACES:
        raise ValidationError(
            _("Use at most %(count)s digits after the point.") % {"count": AMOUNT_PLACES}, code="places"
        )
    if len(whole) > AMOUNT_DIGITS - AMOUNT_PLACES:
        raise ValidationError(
            _("Use at most %(count)s digits before the point.") % {"count": AMOUNT_DIGITS - AMOUNT_PLACES},
            code="digits",
        )
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise ValidationError(_("Enter an amount."), code="invalid") from None


def _date(text: str) -> dt.date:
    try:
        if not _DATE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="invalid") from None


def parse_flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(_("Enter true or false."), code="invalid")


def _mention(text: str, kind: str) -> str:
    """The one hash or address `text` is, normalised as triage writes it (triage.mentions)."""
    found = extract(text)
    whole = [f for f in found if f.start == 0 and f.end == len(text) and f.source == "body"]
    if len(whole) == 1 and whole[0].kind == kind:
        return whole[0].value
    if len(whole) == 1 and whole[0].kind == SUSPECT:
        raise ValidationError(
            _("This is not a valid mainnet value: %(reason)s.") % {"reason": whole[0].reason}, code="suspect"
        )
    if kind == "tx_hash":
        message = _("Enter one transaction hash (0x… or 64 hex characters, or a Solana signature).")
    else:
        message = _("Enter one wallet address with a valid checksum (BTC, EVM, Tron, XRP, Solana, TON).")
    raise ValidationError(message, code="invalid")


def clean_value(field: FieldDefinition, raw: Any) -> Any:
    """The stored value of `raw` for `field`; None for empty (no value). ValidationError otherwise."""
    kind = FieldType(field.type)
    if raw is None:
        return None
    if kind == FieldType.CHECKBOX:
        if raw == "":
            return None
        return parse_flag(raw)
    text = _text(raw)
    if not text:
        return None
    if kind == FieldType.TEXT:
        return text
    if kind == FieldType.NUMBER:
        return _number(text)
    if kind == FieldType.DECIMAL:
        return _decimal(text)
    if kind == FieldType.DATE:
        return _date(text)
    if kind == FieldType.SELECT:
        if text not in field.options:
            raise ValidationError(
                _("Choose one of: %(options)s.") % {"options": ", ".join(field.options)},
                code="invalid_choice",
            )
        return text
    if kind == FieldType.TXID:
        return _mention(text, "tx_hash")
    return _mention(text, "address")


def value_json(field: FieldDefinition, value: Any) -> Any:
    """A stored value as the API writes it: an amount as a string (exact), a date as ISO text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def format_amount(value: Decimal) -> str:
    """An amount without the trailing zeros of the column's 18 places: 1.500000… -> "1.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
