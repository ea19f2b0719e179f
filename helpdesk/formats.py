"""Dates, times, numbers and money as a customer reads them, in their language (Babel, CLDR data).

One style per context, named after where it appears, the same in every customer-facing surface:

- message_time: the time of a chat message ("2:05 PM", "14:05", "下午2:05"); the widget formats the
  same style itself with `Intl.DateTimeFormat(language, {timeStyle: "short"})`;
- day: a date without a time, such as an article's last update ("December 6, 2026", "6. Dezember 2026",
  "2026年12月6日");
- email_datetime: a moment in customer email, such as a transcript's messages ("Dec 6, 2026, 2:05 PM");
  the caller names the zone beside it.

Numbers (a withdrawal limit) and money follow the locale's separators. The agent workspace keeps
its own styles (helpdesk/dates.py).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, get_currency_name
from django.utils import timezone
from django.utils.translation import get_language, to_locale

Style = Literal["message_time", "day", "email_datetime"]
STYLES: tuple[Style, ...] = ("message_time", "day", "email_datetime")
# Crypto amounts carry up to 8 decimals (a satoshi); fiat the currency's own number (CLDR).
CRYPTO_DECIMALS = 8


def locale_for(language: str | None = None) -> Locale:
    """The Babel locale of a language code ("pt-br", "zh-hans"), else of the active language, else English."""
    try:
        return Locale.parse(to_locale(language or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _aware(value: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone or dt.UTC)


def format_moment(
    value: dt.datetime | dt.date, style: Style, language: str | None = None, zone: dt.tzinfo | None = None
) -> str:
    """`value` in the named style, in `language` (else the active one), on the clock of `zone` (UTC)."""
    locale = locale_for(language)
    if style == "day":
        day = _aware(value, zone).date() if isinstance(value, dt.datetime) else value
        return str(format_date(day, "long", locale=locale))
    if not isinstance(value, dt.datetime):
        raise TypeError(f"the {style} style needs a datetime, not {type(value).__name__}")
    moment = _aware(value, zone)
    time = str(format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale))
    if style == "message_time":
        return time
    if style == "email_datetime":
        date = str(format_date(moment.date(), "medium", locale=locale))
        return str(locale.datetime_formats["medium"]).format(time, date)
    raise ValueError(f"no date style {style!r}")


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value: object, language: str | None = None) -> str:
    """A number with the locale's separators ("25,000", "25.000", "25 000"); text that is no number as is."""
    number = _decimal(value)
    if number is None:
        return str(value)
    return str(format_decimal(number, format="#,##0.########", locale=locale_for(language)))


def _is_fiat(code: str) -> bool:
    return get_currency_name(code, locale="en") != code


def format_money(amount: object, currency: str, language: str | None = None) -> str:
    """An amount of a fiat currency as the locale writes it ("$25,000.00", "25.000,00 €"); of a crypto
    asset as a number with its code ("0.015 BTC", "0,015 BTC"), never rounded to cents."""
    number = _decimal(amount)
    code = currency.strip().upper()
    if number is None:
        return f"{amount} {code}".strip()
    locale = locale_for(language)
    if code and _is_fiat(code):
        return str(format_currency(number, code, locale=locale))
    digits = "#" * CRYPTO_DECIMALS
    return f"{format_decimal(number, format='#,##0.' + digits, locale=locale)} {code}".strip()
