"""Who may see and correct what tier 0 did, and who may read and change where it answers, walked for
every role over every tier-0 page and endpoint agents and admins use.

Agents see and correct assessments on the tickets they may see (partner agents: their teams' tickets;
the others are 404, as everywhere). Supervisors read the Tier 0 page and the example bank; admins alone
change the settings. Anonymous callers get 401 from the API and are sent to sign in by the pages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.assistant.tier0_rows import assessment_row
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "partner", "agent", "supervisor", "admin"]
# (method, path, body, expected for partner, agent, supervisor, admin)
ALL, INHOUSE = (200, 200, 200, 200), (404, 200, 200, 200)
API: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("get", "/api/assistant/tickets/{inhouse}/assessments/", None, INHOUSE),
    ("get", "/api/assistant/tickets/{partner_ticket}/assessments/", None, ALL),
    ("post", "/api/assistant/assessments/{inhouse_a}/correction/", {"intent": "staking_info"}, INHOUSE),
    ("post", "/api/assistant/assessments/{partner_a}/correction/", {"intent": "staking_info"}, ALL),
    # A bad body from a role that may correct is a 400: the access check passed, nothing was written.
    ("post", "/api/assistant/assessments/{partner_a}/correction/", {"intent": "?"}, (400, 400, 400, 400)),
]
PAGES: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("get", "/assistant/tickets/{inhouse}/panel/", None, INHOUSE),
    ("get", "/assistant/tickets/{partner_ticket}/panel/", None, ALL),
    ("post", "/assistant/assessments/{inhouse_a}/correct/", {"intent": "staking_info"}, (404, 302, 302, 302)),
    ("post", "/assistant/assessments/{partner_a}/correct/", {"intent": "staking_info"}, (302, 302, 302, 302)),
    ("get", "/assistant/settings/", None, (403, 403, 200, 200)),
    ("post", "/assistant/settings/", {"answers_chat": "on"}, (403, 403, 403, 302)),
    ("get", "/assistant/examples/", None, (403, 403, 200, 200)),
]


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    general = make_team(name="General", slug="general", tier=1, languages=["en"])
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    agent = make_agent(username="alice")
    TeamMembershipFactory(team=general, user=agent)

    def ticket(team: Any, n: int) -> Any:
        return make_ticket(customer=make_customer(external_id=f"EX-{team.slug}-{n}"), team=team)

    inhouse, partner_ticket = ticket(general, 1), ticket(partner_team, 1)
    return {
        "ids": {
            "inhouse": inhouse.pk,
            "partner_ticket": partner_ticket.pk,
            "inhouse_a": assessment_row(inhouse).pk,
            "partner_a": assessment_row(partner_ticket).pk,
        },
        "users": {
            "partner": partner,
            "agent": agent,
            "supervisor": make_agent(username="sam", role="supervisor"),
            "admin": make_agent(username="ada", role="admin"),
        },
    }


def _expected(role: str, statuses: tuple[int, int, int, int], unauthenticated: int) -> int:
    return unauthenticated if role == "anonymous" else statuses[ROLES.index(role) - 1]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_tier0_api_endpoint(role, world):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world["users"][role])
    got, want = {}, {}
    for method, path, body, statuses in API:
        key = (method, path, str(body))
        got[key] = getattr(client, method)(path.format(**world["ids"]), body, format="json").status_code
        want[key] = _expected(role, statuses, 401)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_tier0_page(role, world):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    got, want = {}, {}
    for method, path, data, statuses in PAGES:
        key = (method, path)
        got[key] = getattr(client, method)(path.format(**world["ids"]), data).status_code
        want[key] = _expected(role, statuses, 302)
    assert got == want


def _routes(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for p in patterns:
        pattern = p.pattern.regex.pattern.removeprefix("^")
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, prefix + pattern.removesuffix("$"))
        elif isinstance(p, URLPattern):
            found.append((prefix + pattern, p.callback))
    return found


def _module(callback: Any) -> str:
    return str(getattr(getattr(callback, "view_class", callback), "__module__", ""))


def test_the_table_covers_every_route_of_the_tier0_pages_and_api(world):
    """A new page or endpoint here fails until someone decides who may call it."""
    paths = [p.format(**world["ids"]).lstrip("/") for _m, p, _b, _s in API + PAGES]
    routes = [
        r
        for r, callback in _routes(get_resolver().url_patterns)
        if _module(callback) in {"assistant.views", "assistant.api"}
    ]
    assert len(routes) == 6
    assert [r for r in routes if not any(re.fullmatch(r, path) for path in paths)] == []
