"""Who may read and change routing configuration, walked for every role over every endpoint.

The configuration (rules, VIP policies, teams' members, shifts and capacities, the board, the dry run,
SLA and KB reports, raw mail) says how sensitive cases are found and who handles them: supervisors and
admins read it, admins alone change it. Agents keep what their work needs: the team directory to
transfer to, their own presence, their queue and console. Partner agents see no more than agents.
"""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from customers.models import VipLevel
from knowledgebase.services import article_create, category_upsert, translation_save
from routing.models import RoutingRule, VipPolicy
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team
from tests.livechat.conftest import start_chat

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "widget", "partner", "agent", "supervisor", "admin"]

# (method, path, body, expected status for partner, agent, supervisor, admin). Anonymous callers and
# widget customers (who hold a conversation token, not a staff credential) get 401 from the API and
# are sent to sign in (302) by the pages.
READ, OVERSEE, ADMIN_ONLY = (200, 200, 200, 200), (403, 403, 200, 200), (403, 403, 403, 200)
API: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("get", "/api/routing/teams/", None, READ),
    # The partner agent is not in the in-house team: it does not exist for them.
    ("get", "/api/routing/teams/general/", None, (404, 200, 200, 200)),
    ("get", "/api/routing/vip-policies/", None, OVERSEE),
    ("get", "/api/routing/vip-policies/vip2/", None, OVERSEE),
    ("get", "/api/routing/rules/", None, OVERSEE),
    ("get", "/api/routing/rules/{rule}/", None, OVERSEE),
    ("post", "/api/routing/rules/dry-run/", {}, (403, 403, 400, 400)),
    ("get", "/api/routing/agents/", None, OVERSEE),
    ("get", "/api/routing/presence/", None, READ),
    ("put", "/api/routing/presence/", {"presence": "away"}, READ),
    ("post", "/api/routing/presence/heartbeat/", None, READ),
    # Writes: an admin's empty or bad body is a 400 (the permission passed, nothing was written).
    ("post", "/api/routing/teams/", {}, (403, 403, 403, 400)),
    ("patch", "/api/routing/teams/general/", {"tier": 9}, (403, 403, 403, 400)),
    ("put", "/api/routing/teams/general/", {}, (403, 403, 403, 400)),
    ("delete", "/api/routing/teams/no-such-team/", None, (403, 403, 403, 404)),
    ("post", "/api/routing/vip-policies/", {}, (403, 403, 403, 400)),
    ("patch", "/api/routing/vip-policies/vip2/", {"level": "nope"}, (403, 403, 403, 400)),
    ("put", "/api/routing/vip-policies/vip2/", {}, (403, 403, 403, 400)),
    ("post", "/api/routing/rules/", {}, (403, 403, 403, 400)),
    ("patch", "/api/routing/rules/{rule}/", {"conditions": "x"}, (403, 403, 403, 400)),
    ("put", "/api/routing/rules/{rule}/", {}, (403, 403, 403, 400)),
    ("delete", "/api/routing/rules/999999/", None, (403, 403, 403, 404)),
    ("post", "/api/routing/rules/reorder/", {}, (403, 403, 403, 400)),
]
# Other configuration and editorial writes the same walk covers: the knowledge base's rules and
# publishing (editors), customer records (supervisors and the exchange), raw mail (admins).
OTHER_API: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("get", "/api/customers/", None, READ),
    ("patch", "/api/customers/{customer}/", {}, (403, 403, 200, 200)),
    ("patch", "/api/kb/articles/fees/", {"regions": ["DE"]}, (403, 403, 200, 200)),
    ("post", "/api/kb/articles/fees/translations/en/publish/", None, (403, 403, 200, 200)),
    ("post", "/api/mail/inbound/", None, (403, 403, 403, 400)),
]
PAGES: list[tuple[str, tuple[int, int, int, int]]] = [
    ("/routing/supervisor/", OVERSEE),
    ("/routing/rules/dry-run/", OVERSEE),
    ("/sla/report/", OVERSEE),
    ("/kb/report/", OVERSEE),
    ("/mail/inbound/", ADMIN_ONLY),
    # What an agent's work needs stays open to every agent.
    ("/tickets/", READ),
    ("/chat/console/", READ),
]


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    general = make_team(name="General", slug="general", tier=1, languages=["en"])
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    agent = make_agent(username="alice")
    TeamMembershipFactory(team=general, user=agent)
    VipPolicy.objects.create(level=VipLevel.VIP2, rank=2, priority_boost=1)
    rule = RoutingRule.objects.create(
        position=1,
        name="Security",
        conditions=[{"field": "pending_withdrawal_usd", "op": "gt", "value": 10000}],
        actions={"tier": 2},
    )
    article = article_create(
        slug="fees", category=category_upsert(slug="fees", names={"en": "Fees"})[0], actor=None
    )
    translation_save(article=article, language="en", title="Fees", body="What we charge.", actor=None)
    return {
        "rule": rule,
        "customer": make_customer(external_id="EX-1"),
        "users": {
            "partner": partner,
            "agent": agent,
            "supervisor": make_agent(username="sam", role="supervisor"),
            "admin": make_agent(username="ada", role="admin"),
        },
    }


def api_client_for(role: str, world: dict[str, Any]) -> APIClient:
    client = APIClient()
    if role == "widget":
        start_chat(name="Visitor", message="hello")
        token = start_chat(name="Visitor", message="hello")["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    elif role != "anonymous":
        client.force_authenticate(world["users"][role])
    return client


def expected_for(role: str, statuses: tuple[int, int, int, int], unauthenticated: int) -> int:
    if role in ("anonymous", "widget"):
        return unauthenticated
    return statuses[["partner", "agent", "supervisor", "admin"].index(role)]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_configuration_api_endpoint(role, world):
    client = api_client_for(role, world)
    got, want = {}, {}
    for method, path, body, statuses in API + OTHER_API:
        url = path.format(rule=world["rule"].pk, customer=world["customer"].pk)
        response = getattr(client, method)(url, body, format="json")
        got[(method, path)] = response.status_code
        want[(method, path)] = expected_for(role, statuses, 401)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_every_configuration_page(role, world):
    client = Client()
    if role not in ("anonymous", "widget"):
        client.force_login(world["users"][role])
    got = {path: client.get(path).status_code for path, _ in PAGES}
    assert got == {path: expected_for(role, statuses, 302) for path, statuses in PAGES}


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    """Every URL pattern as one regular expression (Django's own, joined through the includes)."""
    found: list[str] = []
    for p in patterns:
        pattern = p.pattern.regex.pattern.removeprefix("^")
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, prefix + pattern.removesuffix("$"))
        elif isinstance(p, URLPattern):
            found.append(prefix + pattern)
    return found


def test_the_table_covers_every_routing_api_route(world):
    """A new routing endpoint fails here until someone decides who may call it."""
    paths = [path.format(rule=world["rule"].pk).lstrip("/") for _m, path, _b, _s in API]
    routes = [r for r in _routes(get_resolver().url_patterns) if r.startswith("api/routing/")]
    # The router's format-suffixed twins (teams.json) answer like the routes they copy.
    routes = [r for r in routes if "(?P<format>" not in r]
    assert len(routes) >= 9
    assert [r for r in routes if not any(re.fullmatch(r, path) for path in paths)] == []
