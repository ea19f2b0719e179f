"""Who may see the exchange's facts, walked for every role over every exchange endpoint and page.

In-house agents, supervisors and admins see the panel unmasked; partner agents see it masked, and only
for tickets of their teams; the reference exchange's own page is for in-house staff. The exchange API
itself answers signed requests only: a session, whoever's, gets 401 there.
"""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from exchange.access import exchange_details_unmasked, exchange_panel_viewable, reference_exchange_viewable
from tests.livechat.conftest import start_chat

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "widget", "partner", "agent", "supervisor", "admin"]
STAFF = ["partner", "agent", "supervisor", "admin"]
# (path, expected status for partner, agent, supervisor, admin; then for anonymous and widget callers)
PAGES: list[tuple[str, tuple[int, ...], int]] = [
    ("/exchange/tickets/{ticket}/panel/", (200, 200, 200, 200), 302),
    ("/exchange/tickets/{hidden}/panel/", (404, 200, 200, 200), 302),
    ("/exchange/tickets/999999/panel/", (404, 404, 404, 404), 302),
    ("/reference-exchange/", (403, 200, 200, 200), 302),
]
API: list[tuple[str, tuple[int, ...], int]] = [
    ("/api/exchange/tickets/{ticket}/", (200, 200, 200, 200), 401),
    ("/api/exchange/tickets/{hidden}/", (404, 200, 200, 200), 401),
    ("/api/exchange/tickets/not-a-number/", (404, 404, 404, 404), 401),
]
# The exchange's API: signed requests only, whoever holds the session.
SIGNED = [
    "/reference-exchange/api/v1/assets",
    "/reference-exchange/api/v1/networks/status",
    "/reference-exchange/api/v1/accounts/EX-P1",
    "/reference-exchange/api/v1/accounts/EX-P1/transfers",
    "/reference-exchange/api/v1/accounts/EX-P1/transfers/by-hash/0xabc",
    "/reference-exchange/api/v1/accounts/EX-P1/deposit-addresses",
    "/reference-exchange/api/v1/accounts/EX-P1/security-events",
    "/reference-exchange/api/v1/accounts/EX-P1/actions/unlock-withdrawals",
]
# What each role may see, as the access functions answer it.
RULES = {
    "partner": (True, False, False),
    "agent": (True, True, True),
    "supervisor": (True, True, True),
    "admin": (True, True, True),
}


@pytest.fixture
def down(settings: Any) -> None:
    # The panels answer whatever the exchange does; nothing listens here, so each walk is quick.
    settings.EXCHANGE_API_URL = "http://127.0.0.1:9/reference-exchange/api/v1"
    settings.EXCHANGE_RETRIES = 0


def _client(role: str, world: Any, api: bool) -> Any:
    client: Any = APIClient() if api else Client()
    if role == "widget":
        token = start_chat(name="Visitor", message="hello")["token"]
        if api:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    elif role != "anonymous":
        client.force_login(world.users[role])
    return client


def _expected(role: str, statuses: tuple[int, ...], outsider: int) -> int:
    return outsider if role in ("anonymous", "widget") else statuses[STAFF.index(role)]


def _fill(path: str, world: Any) -> str:
    return path.format(ticket=world.ticket.pk, hidden=world.hidden_ticket.pk)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_exchange_page_and_endpoint(role, panel_world, down):
    got, want = {}, {}
    for table, api in ((PAGES, False), (API, True)):
        client = _client(role, panel_world, api)
        for path, statuses, outsider in table:
            got[path] = client.get(_fill(path, panel_world)).status_code
            want[path] = _expected(role, statuses, outsider)
    client = _client(role, panel_world, api=False)
    for path in SIGNED:
        got[path] = client.post(path) if path.endswith("unlock-withdrawals") else client.get(path)
        got[path] = got[path].status_code
        want[path] = 401
    assert got == want


@pytest.mark.parametrize("role", STAFF)
def test_the_access_functions_answer_as_the_table_says(role, panel_world):
    user = panel_world.users[role]
    assert (
        exchange_panel_viewable(user),
        exchange_details_unmasked(user),
        reference_exchange_viewable(user),
    ) == RULES[role]


def test_outsiders_are_never_staff_to_the_access_functions():
    from django.contrib.auth.models import AnonymousUser

    assert not exchange_panel_viewable(AnonymousUser())
    assert not exchange_details_unmasked(AnonymousUser())
    assert not reference_exchange_viewable(AnonymousUser())


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in patterns:
        pattern = p.pattern.regex.pattern.removeprefix("^")
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, prefix + pattern.removesuffix("$"))
        elif isinstance(p, URLPattern):
            found.append(prefix + pattern)
    return found


def test_the_table_covers_every_exchange_route(panel_world):
    """A new exchange endpoint fails here until someone decides who may call it."""
    paths = [_fill(p, panel_world).lstrip("/") for p, _s, _o in PAGES + API] + [p.lstrip("/") for p in SIGNED]
    routes = [
        r
        for r in _routes(get_resolver().url_patterns)
        if r.replace("\\", "").startswith(("exchange/", "api/exchange/", "reference-exchange/"))
    ]
    assert len(routes) >= 11
    assert [r for r in routes if not any(re.fullmatch(r, path) for path in paths)] == []
