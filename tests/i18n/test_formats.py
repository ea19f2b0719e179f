# ruff: noqa: RUF001 - dates in their own scripts, on purpose
"""Dates, numbers and money read as each customer's language writes them, one style per context
(helpdesk/formats.py), in the help center, customer email and notices."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from helpdesk.formats import STYLES, format_moment, format_money, format_number

# 14:05 UTC on 6 December 2026 is 23:05 in Tokyo.
INSTANT = dt.datetime(2026, 12, 6, 14, 5, tzinfo=dt.UTC)
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("language", "message_time", "day", "email_datetime"),
    [
        ("en", "2:05\u202fPM", "December 6, 2026", "Dec 6, 2026, 2:05\u202fPM"),
        ("de", "14:05", "6. Dezember 2026", "06.12.2026, 14:05"),
        ("ja", "14:05", "2026年12月6日", "2026/12/06 14:05"),
        ("zh-hans", "14:05", "2026年12月6日", "2026年12月6日 14:05"),
        ("pt-br", "14:05", "6 de dezembro de 2026", "6 de dez. de 2026 14:05"),
        ("ru", "14:05", "6 декабря 2026\u202fг.", "6 дек. 2026\u202fг., 14:05"),
    ],
)
def test_each_context_has_one_date_style_in_the_customers_language(
    language, message_time, day, email_datetime
):
    assert format_moment(INSTANT, "message_time", language) == message_time
    assert format_moment(INSTANT, "day", language) == day
    assert format_moment(INSTANT, "email_datetime", language) == email_datetime


def test_a_moment_is_shown_on_the_readers_clock():
    assert format_moment(INSTANT, "message_time", "de", TOKYO) == "23:05"
    assert (
        format_moment(dt.datetime(2026, 12, 6, 20, 0, tzinfo=dt.UTC), "day", "de", TOKYO)
        == "7. Dezember 2026"
    )


def test_without_a_language_the_active_one_is_used_and_an_unknown_one_reads_as_english():
    with translation.override("fr"):
        assert format_moment(INSTANT, "day") == "6 décembre 2026"
    assert format_moment(INSTANT, "day", "xx") == "December 6, 2026"
    assert set(STYLES) == {"message_time", "day", "email_datetime"}


@pytest.mark.parametrize(
    ("language", "number", "fiat", "crypto"),
    [
        ("en", "25,000", "$25,000.00", "0.015 BTC"),
        ("de", "25.000", "25.000,00\xa0$", "0,015 BTC"),
        ("fr", "25\u202f000", "25\u202f000,00\xa0$US", "0,015 BTC"),
        ("hi", "25,000", "$25,000.00", "0.015 BTC"),
    ],
)
def test_numbers_and_money_use_the_locales_separators(language, number, fiat, crypto):
    assert format_number("25000", language) == number
    assert format_money("25000", "USD", language) == fiat
    assert format_money("0.01500000", "btc", language) == crypto


def test_crypto_amounts_keep_their_satoshis_and_text_that_is_no_number_is_left_alone():
    assert format_money("0.00000001", "BTC", "en") == "0.00000001 BTC"
    assert format_number("about 5", "en") == "about 5"
    assert format_number("NaN", "en") == "NaN"


def test_the_template_filter_gives_a_time_element_in_the_active_language():
    template = Template('{% load customer_formats %}{{ when|moment:"day" }} {{ limit|number }}')

    with translation.override("de"):
        rendered = template.render(Context({"when": INSTANT, "limit": "25000"}))

    assert rendered == '<time datetime="2026-12-06T14:05:00+00:00">6. Dezember 2026</time> 25.000'


def test_the_approval_notice_writes_the_new_limit_as_the_customers_language_does():
    from approvals.models import ActionKind
    from approvals.notices import notice_text

    params = {"new_limit": "25000", "currency": "USD"}

    assert "25,000 USD" in notice_text(action=ActionKind.RAISE_WITHDRAWAL_LIMIT, language="en", params=params)
    assert "25.000 USD" in notice_text(action=ActionKind.RAISE_WITHDRAWAL_LIMIT, language="de", params=params)
