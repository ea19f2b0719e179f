"""/api/routing/vip-policies/: how much each VIP level lifts a case; admins tune it."""

import pytest

from audit.models import AuditEvent
from customers.models import VipLevel
from routing.models import VipPolicy
from tests.factories import make_customer, make_ticket
from tests.routing.conftest import changes
from tickets.models import Priority

pytestmark = pytest.mark.django_db


def test_supervisors_read_the_policies_in_rank_order(supervisor_api):
    VipPolicy.objects.create(level=VipLevel.VIP3, rank=3, priority_boost=2)
    VipPolicy.objects.create(level=VipLevel.VIP1, rank=1, priority_boost=1)
    rows = supervisor_api.get("/api/routing/vip-policies/").json()
    assert [(r["level"], r["rank"], r["priority_boost"]) for r in rows] == [("vip1", 1, 1), ("vip3", 3, 2)]
    assert supervisor_api.get("/api/routing/vip-policies/vip3/").json()["rank"] == 3


def test_agents_may_not_read_the_policies(api_client):
    VipPolicy.objects.create(level=VipLevel.VIP3, rank=3, priority_boost=2)
    assert api_client.get("/api/routing/vip-policies/").status_code == 403
    assert api_client.get("/api/routing/vip-policies/vip3/").status_code == 403


def test_an_admin_creates_a_policy_and_new_cases_are_routed_by_it(admin_api, routing_admin, general_team):
    response = admin_api.post(
        "/api/routing/vip-policies/", {"level": "vip1", "rank": 1, "priority_boost": 2}, format="json"
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(action="vip_policy.created")
    assert (event.actor, event.after) == (routing_admin, {"level": "vip1", "priority_boost": 2, "rank": 1})

    ticket = make_ticket(customer=make_customer(vip_level=VipLevel.VIP1), priority=Priority.NORMAL)
    ticket.refresh_from_db()
    assert ticket.priority == Priority.URGENT


def test_an_admin_changes_a_policy_by_its_level_and_the_change_is_audited(admin_api):
    policy = VipPolicy.objects.create(level=VipLevel.VIP2, rank=2, priority_boost=1)
    response = admin_api.patch("/api/routing/vip-policies/vip2/", {"priority_boost": 3}, format="json")
    assert response.status_code == 200, response.content
    policy.refresh_from_db()
    assert (policy.rank, policy.priority_boost) == (2, 3)
    event = AuditEvent.objects.get(action="vip_policy.updated")
    before, after = changes(event)
    assert (before["priority_boost"], after["priority_boost"]) == (1, 3)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"level": "whale", "rank": 1, "priority_boost": 1}, "level", '"whale" is not a valid choice.'),
        ({"level": "vip1", "rank": 1, "priority_boost": 4}, "priority_boost", "less than or equal to 3"),
        ({"level": "vip1", "rank": -1, "priority_boost": 1}, "rank", "greater than or equal to 0"),
        ({"level": "vip2", "rank": 1, "priority_boost": 1}, "level", "This VIP level already has a policy."),
        ({"level": "vip1", "rank": 1, "priority_boost": 1, "note": "x"}, "note", "Unknown field."),
    ],
)
def test_a_bad_policy_is_refused(admin_api, payload, field, message):
    VipPolicy.objects.create(level=VipLevel.VIP2, rank=2, priority_boost=1)
    response = admin_api.post("/api/routing/vip-policies/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert message in response.json()["message"]
    assert VipPolicy.objects.count() == 1


def test_agents_and_supervisors_may_not_change_policies(api_client, supervisor_api):
    VipPolicy.objects.create(level=VipLevel.VIP2, rank=2, priority_boost=1)
    for client in (api_client, supervisor_api):
        created = client.post("/api/routing/vip-policies/", {"level": "vip1", "rank": 1, "priority_boost": 1})
        changed = client.patch("/api/routing/vip-policies/vip2/", {"rank": 9}, format="json")
        assert (created.status_code, changed.status_code) == (403, 403)
    assert list(VipPolicy.objects.values_list("level", "rank")) == [("vip2", 2)]
    assert not AuditEvent.objects.exists()
