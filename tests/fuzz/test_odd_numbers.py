"""Numbers people did not mean: '²' passes str.isdigit() but not int(), '٣' passes int() as 3,
and twenty digits overflow a bigint. Each is a 4xx or is ignored, never a 500 or another row."""

import base64
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from helpdesk.parsing import BIGINT_MAX, InvalidInteger, parse_id, parse_int, require_int
from tests.fuzz.conftest import World
from tickets.models import parse_reference

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "٣", "99999999999999999999", str(BIGINT_MAX + 1), "-1", "0x10", "1_0", " 1", "+1", "1.0"]


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _cursor(position: str) -> str:
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


# (who, method, url, the statuses a person may get); {n} is the odd number, already %-encoded.
URLS = [
    (None, "get", "/help/en/articles/send-crypto/?s={n}", {200}),
    ("agent", "get", "/api/customers/{n}/", {404}),
    ("agent", "get", "/api/routing/teams/{n}/", {404}),
    ("admin", "delete", "/api/routing/teams/{n}/", {404}),
    ("supervisor", "get", "/api/routing/agents/?team={n}", {200}),
    ("agent", "get", "/api/tickets/?cursor={cursor}", {400}),
    ("admin", "post", "/api/mail/inbound/?mailbox={n}", {400}),
    ("admin", "get", "/mail/inbound/?before={n}", {200}),
    ("supervisor", "get", "/sla/report/?days={n}", {200}),
    ("supervisor", "get", "/kb/report/?days={n}", {200}),
    ("agent", "get", "/tickets/?q=HD-{n}", {200}),
    ("agent", "get", "/api/tickets/{n}/", {404}),
    ("agent", "get", "/api/tickets/{n}/entries/", {404}),
    ("agent", "get", "/api/tickets/?reference=HD-{n}", {200, 400}),
    ("agent", "get", "/api/tickets/?customer={n}", {400}),
    ("agent", "get", "/api/tickets/?team={n}&assignee={n}", {400}),
    ("supervisor", "get", "/routing/rules/dry-run/?ticket=HD-{n}", {200, 400}),
]


@pytest.mark.parametrize("odd", ODD_NUMBERS)
@pytest.mark.parametrize(("who", "method", "url", "expected"), URLS)
def test_an_odd_number_in_a_url_is_a_4xx_or_ignored_never_a_500(
    world: World, who, method, url, expected, odd
):
    user = getattr(world, who) if who else None
    target = url.format(n=quote(odd, safe=""), cursor=quote(_cursor(odd)))
    kwargs = (
        {"data": b"From: a@b.example\r\n\r\nhi", "content_type": "message/rfc822"} if method == "post" else {}
    )
    response = getattr(_client(user), method)(target, **kwargs)
    assert response.status_code in expected, (target, response.status_code, response.content[:300])
    if target.startswith("/api/") and response.status_code >= 400:
        assert response.json()["message"]


def test_a_unicode_digit_never_finds_the_row_whose_ascii_id_it_resembles(world: World):
    client = _client(world.agent)
    arabic = "".join(chr(0x0660 + int(d)) for d in str(world.customer.pk))
    assert client.get(f"/api/customers/{quote(arabic)}/").status_code == 404
    assert client.get(f"/api/customers/{world.customer.pk}/").status_code == 200


def test_a_bad_mailbox_number_is_a_400_naming_the_field(world: World):
    response = _client(world.admin).post(
        "/api/mail/inbound/?mailbox=%C2%B2", data=b"Subject: x\r\n\r\nx", content_type="message/rfc822"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "mailbox": ["mailbox must be a whole number from 1 to 9223372036854775807."]
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        ("007", 7),
        ("-3", -3),
        (7, 7),
        ("²", None),
        ("٣", None),
        ("", None),
        (None, None),
        (" 7", None),
        ("7 ", None),
        ("+7", None),
        ("1_000", None),
        ("0x10", None),
        ("7.0", None),
        (True, None),
        (7.0, None),
        ("9" * 20, None),
        ("9" * 5000, None),
    ],
)
def test_parse_int_takes_ascii_digits_only(value, expected):
    assert parse_int(value, minimum=-10) == expected


def test_parse_int_bounds_and_defaults():
    assert parse_int("31", default=30, maximum=30) == 30
    assert parse_int("30", default=7, maximum=30) == 30
    assert parse_int(str(BIGINT_MAX)) == BIGINT_MAX
    assert parse_int(str(BIGINT_MAX + 1)) is None
    assert parse_id("0") is None
    assert parse_reference("HD-000123") == 123
    assert parse_reference("HD-²") is None
    with pytest.raises(InvalidInteger, match="days must be a whole number from 1 to 90"):
        require_int("٣", field="days", minimum=1, maximum=90)
