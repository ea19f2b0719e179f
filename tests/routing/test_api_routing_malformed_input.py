"""Whatever a client sends to the routing endpoints, the answer is a 4xx with a message; nothing changes."""

import json

import pytest

from audit.models import AuditEvent
from routing.models import AgentStatus, Holiday, RoutingRule, Shift, Team, TeamMembership, VipPolicy
from tests.factories import make_ticket
from tickets.models import Ticket, TimelineEntry

pytestmark = pytest.mark.django_db

HUGE = "<1e999>"


@pytest.fixture
def world(general_team, wallets_team):
    rule = RoutingRule.objects.create(position=1, name="Saved", conditions=[], actions={"tier": 1})
    VipPolicy.objects.create(level="vip1", rank=1, priority_boost=1)
    ticket = make_ticket()
    return {"rule": rule.pk, "ticket": ticket.pk}


def _rows():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Team, Shift, Holiday, TeamMembership, VipPolicy, RoutingRule, AgentStatus, Ticket)
    ] + [TimelineEntry.objects.count(), AuditEvent.objects.count()]


WRITES = [
    ("post", "/api/routing/teams/"),
    ("put", "/api/routing/teams/general/"),
    ("patch", "/api/routing/teams/general/"),
    ("post", "/api/routing/vip-policies/"),
    ("patch", "/api/routing/vip-policies/vip1/"),
    ("post", "/api/routing/rules/"),
    ("put", "/api/routing/rules/{rule}/"),
    ("patch", "/api/routing/rules/{rule}/"),
    ("post", "/api/routing/rules/reorder/"),
    ("post", "/api/routing/rules/dry-run/"),
    ("put", "/api/routing/presence/"),
    ("post", "/api/tickets/{ticket}/transfer/"),
    ("post", "/api/tickets/{ticket}/escalate/"),
]


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_malformed_json_is_a_400(admin_api, world, method, url):
    before = _rows()
    response = getattr(admin_api, method)(
        url.format(**world), '{"name": "x",', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("JSON parse error")
    assert _rows() == before


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_a_body_that_is_not_an_object_is_a_400(admin_api, world, method, url):
    before = _rows()
    response = getattr(admin_api, method)(url.format(**world), ["x"], format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid data. Expected a dictionary, but got list."
    assert _rows() == before


@pytest.mark.parametrize(("method", "url"), [w for w in WRITES if "dry-run" not in w[1]])
def test_an_unsupported_content_type_is_a_415(admin_api, world, method, url):
    response = getattr(admin_api, method)(
        url.format(**world), "name=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    "url",
    [
        "/api/routing/teams/99999999999999999999999/",
        "/api/routing/teams/-1/",
        "/api/routing/vip-policies/99999999999999999999999/",
        "/api/routing/rules/99999999999999999999999/",
        "/api/routing/rules/abc/",
        "/api/tickets/99999999999999999999999/transfer/",
    ],
)
def test_an_id_that_cannot_exist_is_a_404(admin_api, world, url):
    response = admin_api.post(url, {}, format="json") if "transfer" in url else admin_api.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "payload", "field"),
    [
        ("/api/routing/teams/", {"name": "N", "slug": "n", "members": [{"user": 10**30}]}, "members"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "members": [{"user": None}]}, "members"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "shifts": None}, "shifts"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "shifts": [None]}, "shifts"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "shifts": [{"weekday": "x"}]}, "shifts"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "holidays": [{"date": 20261225}]}, "holidays"),
        (
            "/api/routing/teams/",
            {"name": "N", "slug": "n", "wait_target_seconds": HUGE},
            "wait_target_seconds",
        ),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "time_zone": "x" * 300}, "time_zone"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "time_zone": "Europe/\x00"}, "time_zone"),
        ("/api/routing/teams/", {"name": "N", "slug": "n", "skills": "wallets"}, "skills"),
        ("/api/routing/rules/", {"name": "r", "actions": {"to_account_manager": HUGE}}, "actions"),
        (
            "/api/routing/rules/",
            {"name": "r", "actions": {}, "conditions": [{"field": "vip_rank", "op": "gt", "value": "NaN"}]},
            "conditions",
        ),
        (
            "/api/routing/rules/",
            {
                "name": "r",
                "actions": {},
                "conditions": [{"field": "vip_rank", "op": "gt", "value": "-Infinity"}],
            },
            "conditions",
        ),
        ("/api/routing/rules/", {"name": "r", "actions": {"tags": ["a\x00b"]}}, "actions"),
        ("/api/routing/rules/", {"name": "r", "actions": {"tags": ["\ud800"]}}, "actions"),
        (
            "/api/routing/rules/",
            {"name": "r", "actions": {}, "conditions": [{"field": "subject", "op": "eq", "value": "\x00"}]},
            "conditions",
        ),
        ("/api/routing/rules/", {"name": "r\x00", "actions": {}}, "name"),
        (
            "/api/routing/teams/",
            {"name": "N", "slug": "n", "holidays": [{"date": "2026-01-01", "name": "\x00"}]},
            "holidays",
        ),
        ("/api/routing/rules/", {"name": "r", "actions": {}, "position": 10**30}, "position"),
        ("/api/routing/rules/", {"name": "r", "actions": {}, "conditions": [[]]}, "conditions"),
        ("/api/routing/rules/reorder/", {"order": [10**30]}, "order"),
        ("/api/routing/rules/reorder/", {"order": "1,2"}, "order"),
        ("/api/routing/rules/dry-run/", {"ticket": "{ticket}", "replaces": 10**30}, "replaces"),
        ("/api/routing/rules/dry-run/", {"ticket": 10**30}, "ticket"),
        ("/api/routing/rules/dry-run/", {"ticket": "{ticket}", "rule": []}, "rule"),
        ("/api/tickets/{ticket}/transfer/", {"team": 10**30}, "team"),
        ("/api/tickets/{ticket}/transfer/", {"team": ["general"]}, "team"),
        ("/api/tickets/{ticket}/escalate/", {"note": {"text": "x"}}, "note"),
    ],
)
def test_out_of_range_and_ill_typed_values_are_400s_not_500s(admin_api, world, url, payload, field):
    before = _rows()
    payload = {k: (world["ticket"] if v == "{ticket}" else v) for k, v in payload.items()}
    # 1e999 is valid JSON that Python reads as infinity; the test client would refuse to write it.
    body = json.dumps(payload).replace(f'"{HUGE}"', "1e999")
    response = admin_api.post(url.format(**world), body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert _rows() == before


@pytest.mark.parametrize(
    ("method", "url"), [w for w in WRITES if "routing/" in w[1] and "presence" not in w[1]]
)
def test_an_agent_gets_a_403_before_the_body_is_even_read(api_client, world, method, url):
    before = _rows()
    response = getattr(api_client, method)(url.format(**world), '{"broken', content_type="application/json")
    assert response.status_code == 403
    assert _rows() == before
