"""POST /api/routing/rules/dry-run/: what the rules would decide for a ticket, explained; nothing written."""

import pytest

from audit.models import AuditEvent
from customers.models import VipLevel
from routing.models import AgentStatus, RoutingRule
from tests.factories import make_customer, make_ticket
from tickets.models import Category, Tag, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db

CANDIDATE = {
    "name": "Big withdrawals",
    "position": 1,
    "conditions": [{"field": "pending_withdrawal_usd", "op": "gte", "value": 10000}],
    "actions": {"team": "wallets", "priority": "urgent", "tags": ["big"]},
    "stop": True,
}


@pytest.fixture
def case(general_team, wallets_team):
    customer = make_customer(vip_level=VipLevel.VIP2, pending_withdrawal_usd=25000)
    return make_ticket(customer=customer, category=Category.WITHDRAWAL)


def _snapshot(ticket):
    ticket = Ticket.objects.get(pk=ticket.pk)
    return {
        "rows": (
            Ticket.objects.count(),
            TimelineEntry.objects.count(),
            AuditEvent.objects.count(),
            RoutingRule.objects.count(),
            Tag.objects.count(),
            AgentStatus.objects.count(),
        ),
        "ticket": (ticket.team_id, ticket.tier, ticket.priority, ticket.assignee_id, ticket.routing),
        "rules": list(RoutingRule.objects.values_list("id", "position", "updated_at")),
    }


def test_a_candidate_rule_is_tried_on_a_ticket_and_the_decision_is_explained(supervisor_api, case):
    RoutingRule.objects.create(position=5, name="Tier one", conditions=[], actions={"tier": 1})
    response = supervisor_api.post(
        "/api/routing/rules/dry-run/", {"ticket": case.reference, "rule": CANDIDATE}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decision"] == {
        "tier": None,
        "team": "wallets",
        "team_name": "Wallets",
        "priority": "urgent",
        "tags": ["big"],
        "to_account_manager": False,
        "matched": [0],
        "reasons": [
            "rule 1 (Big withdrawals): pending withdrawal (USD) ≥ 10,000 "
            "-> team wallets, priority urgent, tags big"
        ],
    }
    assert body["facts"]["pending_withdrawal_usd"] == "25000.00"
    assert body["facts"]["vip_level"] == "vip2"


def test_a_dry_run_writes_nothing(admin_api, case):
    saved = RoutingRule.objects.create(position=1, name="Saved", conditions=[], actions={"tier": 1})
    before = _snapshot(case)
    for payload in (
        {"ticket": case.pk},
        {"ticket": case.pk, "rule": CANDIDATE},
        {"ticket": str(case.pk), "rule": CANDIDATE, "replaces": saved.pk},
    ):
        assert admin_api.post("/api/routing/rules/dry-run/", payload, format="json").status_code == 200
    assert _snapshot(case) == before


def test_a_candidate_that_replaces_a_saved_rule_is_tried_in_its_place(admin_api, case):
    saved = RoutingRule.objects.create(
        position=1, name="Old", conditions=[], actions={"priority": "low"}, stop=True
    )
    without = admin_api.post("/api/routing/rules/dry-run/", {"ticket": case.pk}, format="json").json()
    assert (without["decision"]["priority"], without["decision"]["matched"]) == ("low", [saved.pk])

    replaced = admin_api.post(
        "/api/routing/rules/dry-run/",
        {"ticket": case.pk, "rule": {**CANDIDATE, "stop": False}, "replaces": saved.pk},
        format="json",
    ).json()
    assert replaced["decision"]["priority"] == "urgent"
    assert replaced["decision"]["matched"] == [saved.pk]  # the candidate carries the id it replaces
    assert replaced["decision"]["reasons"][0].startswith("rule 1 (Big withdrawals)")


def test_agents_may_not_dry_run(api_client, case):
    response = api_client.post("/api/routing/rules/dry-run/", {"ticket": case.pk}, format="json")
    assert response.status_code == 403
    assert response.json()["message"] == "Only supervisors and admins may do this."


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"ticket": "HD-999999"}, 404, "No such ticket"),
        ({"ticket": "yesterday's"}, 400, "ticket: Give a ticket id or reference such as HD-000123."),
        ({"ticket": True}, 400, "ticket: Give a ticket id or reference"),
        ({}, 400, "ticket: This field is required."),
        ({"ticket": "{pk}", "replaces": 424242}, 400, "replaces: Invalid pk"),
        ({"ticket": "{pk}", "rule": {"conditions": [{"field": "mood"}]}}, 400, "unknown field 'mood'"),
        ({"ticket": "{pk}", "rule": {"actions": {"team": "nowhere"}}}, 400, "No team has the slug nowhere."),
        ({"ticket": "{pk}", "rule": {"stop": True, "why": "x"}}, 400, "rule: why: Unknown field."),
        ({"ticket": "{pk}", "rules": []}, 400, "rules: Unknown field."),
    ],
)
def test_a_bad_dry_run_is_refused_with_a_message(supervisor_api, case, payload, status, message):
    payload = {k: (case.pk if v == "{pk}" else v) for k, v in payload.items()}
    response = supervisor_api.post("/api/routing/rules/dry-run/", payload, format="json")
    assert response.status_code == status, response.content
    assert message in response.json()["message"]
