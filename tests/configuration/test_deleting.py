"""Deleting configuration rows: a confirmation page, then the service's deletion with its audit event,
or its refusal shown on the list with the row left in place."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from routing.models import RoutingRule, Team, VipPolicy
from sla.models import BusinessCalendar, SlaPolicy
from sla.services import HoursSpec, business_calendar_save, sla_policy_save
from tests.factories import make_team

pytestmark = pytest.mark.django_db


def calendar(admin: User, teams: list[Team] | None = None) -> BusinessCalendar:
    return business_calendar_save(
        actor=admin,
        fields={"name": "Weekdays", "time_zone": "Europe/Berlin"},
        hours=[HoursSpec(weekday=d, start=dt.time(9), end=dt.time(17)) for d in range(5)],
        teams=teams,
    )


def deleted(action: str, pk: int) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_id=str(pk))


def test_the_delete_link_asks_first_and_deletes_nothing_on_get(admin_client: Client) -> None:
    rule = RoutingRule.objects.create(position=1, name="VIPs first", conditions=[], actions={})
    page = admin_client.get(reverse("configuration:rule-list")).content.decode()
    url = reverse("configuration:rule-delete", args=[rule.pk])
    assert url in page
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "Delete rule VIPs first?" in confirm.content.decode()
    assert RoutingRule.objects.filter(pk=rule.pk).exists()


def test_an_admin_deletes_a_routing_rule_and_the_audit_log_keeps_it(admin_client: Client) -> None:
    rule = RoutingRule.objects.create(position=1, name="VIPs first", conditions=[], actions={"tags": ["v"]})
    response = admin_client.post(reverse("configuration:rule-delete", args=[rule.pk]), follow=True)
    assert "Rule VIPs first deleted." in response.content.decode()
    assert not RoutingRule.objects.filter(pk=rule.pk).exists()
    assert (deleted("routing_rule.deleted", rule.pk).before or {})["name"] == "VIPs first"


def test_an_admin_deletes_a_vip_policy_and_the_level_falls_back(admin_client: Client) -> None:
    policy = VipPolicy.objects.create(level="vip2", rank=5, priority_boost=2)
    response = admin_client.post(reverse("configuration:vip-policy-delete", args=[policy.pk]), follow=True)
    assert "VIP policy of vip2 deleted." in response.content.decode()
    assert not VipPolicy.objects.exists()
    assert deleted("vip_policy.deleted", policy.pk).before == {
        "level": "vip2",
        "rank": 5,
        "priority_boost": 2,
    }


def test_an_admin_deletes_an_sla_policy_that_is_not_the_default(admin: User, admin_client: Client) -> None:
    policy = sla_policy_save(actor=admin, fields={"name": "Urgent", "priorities": [4]})
    response = admin_client.post(reverse("configuration:sla-policy-delete", args=[policy.pk]), follow=True)
    assert "SLA policy Urgent deleted." in response.content.decode()
    assert not SlaPolicy.objects.filter(pk=policy.pk).exists()
    assert (deleted("sla_policy.deleted", policy.pk).before or {})["priorities"] == [4]


def test_the_default_sla_policy_is_refused_and_stays(admin: User, admin_client: Client) -> None:
    policy = sla_policy_save(actor=admin, fields={"name": "Everyone", "is_default": True})
    response = admin_client.post(reverse("configuration:sla-policy-delete", args=[policy.pk]), follow=True)
    assert response.status_code == 200
    assert "Everyone is the default policy: mark another policy as the default" in response.content.decode()
    assert SlaPolicy.objects.filter(pk=policy.pk).exists()
    assert not AuditEvent.objects.filter(action="sla_policy.deleted").exists()


def test_an_admin_deletes_a_calendar_no_team_follows(admin: User, admin_client: Client) -> None:
    cal = calendar(admin)
    response = admin_client.post(reverse("configuration:calendar-delete", args=[cal.pk]), follow=True)
    assert "Calendar Weekdays deleted." in response.content.decode()
    assert not BusinessCalendar.objects.exists()
    assert (deleted("business_calendar.deleted", cal.pk).before or {})["time_zone"] == "Europe/Berlin"


def test_a_calendar_teams_follow_is_refused_and_names_them(admin: User, admin_client: Client) -> None:
    cal = calendar(admin, teams=[make_team(name="Payments", slug="payments")])
    response = admin_client.post(reverse("configuration:calendar-delete", args=[cal.pk]), follow=True)
    assert (
        "Teams follow Weekdays: Payments. Move them to another calendar first." in response.content.decode()
    )
    assert BusinessCalendar.objects.filter(pk=cal.pk).exists()
    assert not AuditEvent.objects.filter(action="business_calendar.deleted").exists()


def test_a_supervisor_may_not_delete(supervisor_client: Client) -> None:
    rule = RoutingRule.objects.create(position=1, name="VIPs first", conditions=[], actions={})
    url = reverse("configuration:rule-delete", args=[rule.pk])
    assert supervisor_client.get(url).status_code == 403
    assert supervisor_client.post(url).status_code == 403
    assert RoutingRule.objects.filter(pk=rule.pk).exists()
    assert url not in supervisor_client.get(reverse("configuration:rule-list")).content.decode()
