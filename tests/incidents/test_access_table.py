"""Who may declare, update, resolve, link and unlink, walked for every role over every endpoint and page.

Supervisors and admins declare, edit, update and resolve; agents read the active incidents and link or
unlink tickets they may see; partner agents the same, on their own teams' tickets only (the others are
404, as everywhere). Anonymous callers get 401 from the API and are sent to sign in by the pages.
"""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from incidents.linking import incident_link
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket
from tests.incidents.conftest import declare_tron

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "partner", "agent", "supervisor", "admin"]
# (method, path, body, expected for partner, agent, supervisor, admin)
READ, MANAGE = (200, 200, 200, 200), (403, 403, 200, 200)
API: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("get", "/api/incidents/", None, READ),
    ("get", "/api/incidents/{incident}/", None, READ),
    ("get", "/api/incidents/{incident}/updates/", None, READ),
    # A bad body from a role that may write is a 400: the permission passed, nothing was written.
    ("post", "/api/incidents/", {}, (403, 403, 400, 400)),
    ("patch", "/api/incidents/{incident}/", {"networks": ["nowhere"]}, (403, 403, 400, 400)),
    ("post", "/api/incidents/{incident}/updates/", {"status": "identified"}, (403, 403, 400, 400)),
    # Linking: the partner agent does not see the in-house ticket (404); everyone else links it.
    ("post", "/api/incidents/{incident}/links/", {"ticket": "{inhouse}"}, (404, 201, 201, 201)),
    ("post", "/api/incidents/{incident}/links/", {"ticket": "{partner_ticket}"}, (201, 201, 201, 201)),
    ("delete", "/api/incidents/{incident}/links/{linked_inhouse}/", None, (404, 200, 200, 200)),
    ("delete", "/api/incidents/{incident}/links/{linked_partner}/", None, (200, 200, 200, 200)),
]
PAGES: list[tuple[str, str, tuple[int, int, int, int]]] = [
    ("get", "/incidents/", MANAGE),
    ("get", "/incidents/new/", MANAGE),
    ("get", "/incidents/{incident}/", MANAGE),
    ("get", "/incidents/{incident}/edit/", MANAGE),
    ("post", "/incidents/{incident}/updates/", (403, 403, 400, 400)),
    ("get", "/incidents/updates/{update}/progress/", MANAGE),
    ("post", "/incidents/tickets/{inhouse}/link/", (404, 302, 302, 302)),
    ("post", "/incidents/tickets/{partner_ticket}/link/", (302, 302, 302, 302)),
    ("post", "/incidents/tickets/{linked_inhouse}/unlink/", (404, 302, 302, 302)),
    ("post", "/incidents/tickets/{linked_partner}/unlink/", (302, 302, 302, 302)),
]
PUBLIC = ["/incidents/banner.json"]


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    general = make_team(name="General", slug="general", tier=1, languages=["en"])
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    agent = make_agent(username="alice")
    TeamMembershipFactory(team=general, user=agent)
    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)

    def ticket(team: Any, n: int) -> Any:
        return make_ticket(customer=make_customer(external_id=f"EX-{team.slug}-{n}"), team=team)

    linked_inhouse, linked_partner = ticket(general, 1), ticket(partner_team, 1)
    for t in (linked_inhouse, linked_partner):
        incident_link(incident=tron, ticket=t, actor=sam, answer=False)
    return {
        "ids": {
            "incident": tron.pk,
            "update": tron.current_update_id,
            "inhouse": ticket(general, 2).pk,
            "partner_ticket": ticket(partner_team, 2).pk,
            "linked_inhouse": linked_inhouse.pk,
            "linked_partner": linked_partner.pk,
        },
        "users": {
            "partner": partner,
            "agent": agent,
            "supervisor": sam,
            "admin": make_agent(username="ada", role="admin"),
        },
    }


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _expected(role: str, statuses: tuple[int, int, int, int], unauthenticated: int) -> int:
    return unauthenticated if role == "anonymous" else statuses[ROLES.index(role) - 1]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_incident_api_endpoint(role, world):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world["users"][role])
    got, want = {}, {}
    for method, path, body, statuses in API:
        key = (method, path, str(body))
        response = getattr(client, method)(
            _fill(path, world["ids"]), _fill(body, world["ids"]), format="json"
        )
        got[key] = response.status_code
        want[key] = _expected(role, statuses, 401)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_incident_page(role, world):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    got, want = {}, {}
    for method, path, statuses in PAGES:
        data = {"incident": world["ids"]["incident"]} if method == "post" else None
        got[(method, path)] = getattr(client, method)(_fill(path, world["ids"]), data).status_code
        want[(method, path)] = _expected(role, statuses, 302)
    for path in PUBLIC:
        got[("get", path)] = client.get(path).status_code
        want[("get", path)] = 200
    assert got == want


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in patterns:
        pattern = p.pattern.regex.pattern.removeprefix("^")
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, prefix + pattern.removesuffix("$"))
        elif isinstance(p, URLPattern):
            found.append(prefix + pattern)
    return found


def test_the_table_covers_every_incident_route(world):
    """A new incident endpoint or page fails here until someone decides who may call it."""
    paths = [_fill(p, world["ids"]).lstrip("/") for _m, p, _b, _s in API]
    paths += [_fill(p, world["ids"]).lstrip("/") for _m, p, _s in PAGES] + [p.lstrip("/") for p in PUBLIC]
    routes = [
        r for r in _routes(get_resolver().url_patterns) if r.startswith(("api/incidents/", "incidents/"))
    ]
    assert len(routes) >= 14
    assert [r for r in routes if not any(re.fullmatch(r, path) for path in paths)] == []
