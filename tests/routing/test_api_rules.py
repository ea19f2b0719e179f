"""/api/routing/rules/: supervisors and admins read the rules; admins write them, checked by the engine and
audited."""

import pytest

from audit.models import AuditEvent
from routing.models import RoutingRule
from tests.factories import make_customer, make_ticket
from tests.routing.conftest import changes
from tickets.models import Category, Priority

pytestmark = pytest.mark.django_db

VIP_WITHDRAWALS = {
    "name": "VIP withdrawals",
    "conditions": [
        {"field": "vip_level", "op": "in", "value": ["vip2", "vip3"]},
        {"field": "category", "op": "eq", "value": "withdrawal"},
    ],
    "actions": {"team": "wallets", "priority": "urgent", "tags": ["vip"]},
    "stop": True,
}


def _rule(position: int, name: str, **actions: object) -> RoutingRule:
    return RoutingRule.objects.create(position=position, name=name, conditions=[], actions=actions)


def test_supervisors_read_every_rule_in_the_order_they_run(supervisor_api):
    second = _rule(2, "second", tier=1)
    first = _rule(1, "first", priority="high")
    inactive = RoutingRule.objects.create(position=3, name="off", is_active=False, actions={"tier": 2})
    rows = supervisor_api.get("/api/routing/rules/").json()
    assert [r["id"] for r in rows] == [first.pk, second.pk, inactive.pk]
    assert rows[2]["is_active"] is False
    assert supervisor_api.get(f"/api/routing/rules/{first.pk}/").json()["actions"] == {"priority": "high"}


def test_agents_may_not_read_the_rules(api_client):
    rule = _rule(1, "security", tier=2)
    assert api_client.get("/api/routing/rules/").status_code == 403
    assert api_client.get(f"/api/routing/rules/{rule.pk}/").status_code == 403


def test_an_admin_adds_a_rule_last_and_the_next_case_is_routed_by_it(
    admin_api, routing_admin, wallets_team, general_team
):
    existing = _rule(4, "existing", tier=1)
    response = admin_api.post("/api/routing/rules/", VIP_WITHDRAWALS, format="json")
    assert response.status_code == 201, response.content
    rule = RoutingRule.objects.get(name="VIP withdrawals")
    assert rule.position == existing.position + 1
    event = AuditEvent.objects.get(action="routing_rule.created")
    assert (event.actor, event.object_id) == (routing_admin, str(rule.pk))
    assert changes(event)[1]["conditions"] == VIP_WITHDRAWALS["conditions"]

    ticket = make_ticket(customer=make_customer(vip_level="vip2"), category=Category.WITHDRAWAL)
    ticket.refresh_from_db()
    assert (ticket.team, ticket.priority) == (wallets_team, Priority.URGENT)
    assert rule.pk in ticket.routing["matched"]


def test_an_admin_changes_and_deletes_a_rule_and_both_are_audited(admin_api, wallets_team):
    rule = _rule(1, "old name", tier=1)
    response = admin_api.patch(
        f"/api/routing/rules/{rule.pk}/", {"name": "new name", "is_active": False}, format="json"
    )
    assert response.status_code == 200, response.content
    rule.refresh_from_db()
    assert (rule.name, rule.is_active) == ("new name", False)
    updated = AuditEvent.objects.get(action="routing_rule.updated")
    before, after = changes(updated)
    assert (before["name"], after["name"]) == ("old name", "new name")

    assert admin_api.delete(f"/api/routing/rules/{rule.pk}/").status_code == 204
    assert not RoutingRule.objects.exists()
    assert changes(AuditEvent.objects.get(action="routing_rule.deleted"))[0]["name"] == "new name"


def test_reordering_numbers_the_rules_in_the_order_given(admin_api):
    a, b, c = _rule(1, "a", tier=1), _rule(2, "b", tier=1), _rule(3, "c", tier=1)
    response = admin_api.post("/api/routing/rules/reorder/", {"order": [c.pk, a.pk, b.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert [r["name"] for r in response.json()] == ["c", "a", "b"]
    assert list(RoutingRule.objects.order_by("position").values_list("name", "position")) == [
        ("c", 1),
        ("a", 2),
        ("b", 3),
    ]
    moved = AuditEvent.objects.filter(action="routing_rule.reordered")
    assert {(e.object_id, changes(e)[0]["position"], changes(e)[1]["position"]) for e in moved} == {
        (str(c.pk), 3, 1),
        (str(a.pk), 1, 2),
        (str(b.pk), 2, 3),
    }


def test_a_reorder_that_leaves_out_a_rule_is_refused(admin_api):
    a, b = _rule(1, "a", tier=1), _rule(2, "b", tier=1)
    response = admin_api.post("/api/routing/rules/reorder/", {"order": [b.pk, 999]}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == f"List every rule exactly once. Missing: {a.pk}; unknown: 999."
    assert list(RoutingRule.objects.order_by("position").values_list("name", flat=True)) == ["a", "b"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"conditions": [{"field": "wallet_colour", "op": "eq", "value": "red"}]},
            "conditions",
            "condition 1: unknown field 'wallet_colour'; known: vip_level,",
        ),
        (
            {"conditions": [{"field": "vip_level", "op": "gt", "value": "vip1"}]},
            "conditions",
            "condition 1: VIP level does not take 'gt'; use one of eq, in, is_set, ne, not_in, not_set",
        ),
        (
            {"conditions": [{"field": "account_age_days", "op": "lt", "value": "young"}]},
            "conditions",
            "condition 1: 'young' is not a number",
        ),
        ({"conditions": {"field": "vip_level"}}, "conditions", "conditions must be a list"),
        ({"actions": {"priority": "asap"}}, "actions", "actions: priority must be one of low, normal, high"),
        ({"actions": {"tier": 9}}, "actions", "actions: tier must be 0, 1, 2 or 3"),
        ({"actions": {"escalate": True}}, "actions", "actions: unknown action(s) escalate"),
        ({"actions": {"team": "moon-desk"}}, "actions", "No team has the slug moon-desk."),
        ({"actions": "wallets"}, "actions", "actions: must be an object"),
        ({"when": "always"}, "when", "Unknown field."),
        ({"name": ""}, "name", "This field may not be blank."),
    ],
)
def test_a_rule_the_engine_cannot_evaluate_is_refused_with_its_message(
    admin_api, wallets_team, change, field, message
):
    response = admin_api.post("/api/routing/rules/", {**VIP_WITHDRAWALS, **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"]
    assert message in body["message"]
    assert not RoutingRule.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_bad_change_to_a_saved_rule_leaves_it_as_it_was(admin_api, wallets_team):
    rule = _rule(1, "keep", tier=1)
    response = admin_api.patch(
        f"/api/routing/rules/{rule.pk}/", {"actions": {"team": "nowhere"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "actions: No team has the slug nowhere."
    rule.refresh_from_db()
    assert rule.actions == {"tier": 1}


def test_agents_and_supervisors_may_not_write_rules(api_client, supervisor_api, wallets_team):
    rule = _rule(1, "keep", tier=1)
    for client in (api_client, supervisor_api):
        refused = [
            client.post("/api/routing/rules/", VIP_WITHDRAWALS, format="json"),
            client.patch(f"/api/routing/rules/{rule.pk}/", {"name": "x"}, format="json"),
            client.delete(f"/api/routing/rules/{rule.pk}/"),
            client.post("/api/routing/rules/reorder/", {"order": [rule.pk]}, format="json"),
        ]
        assert [r.status_code for r in refused] == [403] * 4
    assert list(RoutingRule.objects.values_list("name", flat=True)) == ["keep"]
    assert not AuditEvent.objects.exists()
