"""Every page URL from the resolver, filled with odd numbers and bytes in its path and its query
string, as an anonymous visitor, an agent and a supervisor, and every page posted a form of odd
values: never a response of 500 or above."""

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fuzz.conftest import World

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "٣", "-1", "0", "99999999999999999999", "0x10", "1e3"]
# Already %-encoded: NUL, a byte that is never UTF-8, and the UTF-8 form of a lone surrogate.
ODD_BYTES = ["%00", "%FF", "%ED%A0%80", "a%00b"]
ODD_VALUES = [quote(v, safe="") for v in ODD_NUMBERS] + ODD_BYTES
QUERY_PARAMS = [
    "page", "days", "before", "q", "s", "team", "cursor", "lang", "language", "status", "region",
    "ticket", "customer", "article", "next", "as", "p", "o", "assignee", "queue",
]  # fmt: skip
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


PAGE_ROUTES = sorted({r for r in _routes(get_resolver().url_patterns) if not r.startswith("api/")})


def _real_value(name: str, route: str, world: World) -> str:
    if name == "pk":
        if route.startswith("customers/"):
            return str(world.customer.pk)
        if route.startswith("kb/articles/"):
            return str(world.article.pk)
        return str(world.ticket.pk)
    return {"language": "en", "slug": world.article.slug, "object_id": str(world.ticket.pk)}.get(name, "1")


def _fill(route: str, value_for: Any) -> str:
    def one(match: re.Match[str]) -> str:
        return value_for(match.group(2) or match.group(3))

    return "/" + _PARAM.sub(one, route)


def _urls(world: World, who: str) -> Iterator[str]:
    for route in PAGE_ROUTES:
        if route.startswith("admin/"):
            # Nobody here is staff: the admin turns every one of them to its login page alike.
            if who == "anonymous" and _PARAM.search(route):
                yield from (_fill(route, lambda name, odd=odd: odd) for odd in ("%C2%B2", "%00", "%ED%A0%80"))
            continue
        real = _fill(route, lambda name, route=route: _real_value(name, route, world))
        if _PARAM.search(route):
            for odd in ODD_VALUES:
                yield _fill(route, lambda name, odd=odd: odd)
        yield real
        for odd in ODD_VALUES:
            yield real + "?" + "&".join(f"{param}={odd}" for param in QUERY_PARAMS)
        yield real + "?q=HD-%C2%B2&days=&before=&s=&page=&cursor=%FF%FF&lang=../../etc"


def test_the_page_routes_are_all_found():
    assert {
        "tickets/",
        "tickets/<int:pk>/",
        "help/<str:language>/articles/<slug:slug>/",
        "sla/report/",
    } <= set(PAGE_ROUTES)
    assert any(r.startswith("admin/") for r in PAGE_ROUTES)


@pytest.mark.parametrize("who", ["anonymous", "agent", "supervisor"])
def test_no_page_url_with_odd_numbers_or_bytes_is_a_server_error(world: World, who: str):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    errors = []
    tried = 0
    for url in _urls(world, who):
        response = client.get(url)
        tried += 1
        if response.status_code >= 500:
            errors.append((url, response.status_code))
    assert tried > 500
    assert errors == []


FORM_FIELDS = [
    "body", "kind", "status", "assignee", "tags", "team", "note", "presence", "next", "reason",
    "resolution", "article", "message", "email", "name", "subject", "customer", "priority", "category",
    "ticket", "conditions", "actions", "language", "q", "helpful", "comment", "topic", "token", "position",
]  # fmt: skip
FORM_VALUES = ["²", "a\x00b", "-1", "99999999999999999999", "[" * 5000, "\ufffd"]


@pytest.mark.parametrize("who", ["anonymous", "supervisor"])
def test_no_page_form_posted_with_odd_numbers_or_bytes_is_a_server_error(world: World, who: str):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    errors = []
    for route in PAGE_ROUTES:
        if route.startswith("admin/") or route == "accounts/logout/":
            continue
        url = _fill(route, lambda name, route=route: _real_value(name, route, world))
        for value in FORM_VALUES:
            # Multipart, which RefuseNulMiddleware leaves to the forms and views.
            response = client.post(url, {field: value for field in FORM_FIELDS})
            if response.status_code >= 500:
                errors.append((url, repr(value[:10]), response.status_code))
    assert errors == []
