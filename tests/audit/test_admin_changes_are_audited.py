"""Configuration changed in the Django admin lands in the append-only audit log, with who, what changed
and why, through the same services as the API."""

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import Role, User
from audit.models import AuditEvent
from helpdesk.admin import AuditedAdmin
from mail.models import Mailbox
from routing.models import RoutingRule, Shift, Team, VipPolicy
from sla.models import SlaPolicy
from tests.factories import AgentFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root() -> User:
    return AgentFactory.create(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(root: User) -> Client:
    client = Client()
    client.force_login(root)
    return client


def before(event: AuditEvent) -> dict[str, Any]:
    return dict(event.before or {})


def after(event: AuditEvent) -> dict[str, Any]:
    return dict(event.after or {})


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def no_inlines(*prefixes: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_a_vip_policy_created_in_the_admin_is_audited_with_the_actor_and_reason(admin_client, root):
    response = admin_client.post(
        "/admin/routing/vippolicy/add/",
        {"level": "vip2", "rank": "2", "priority_boost": "1", "audit_reason": "New VIP programme"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    (event,) = events("vip_policy.created")
    assert event.actor == root
    assert event.after == {"level": "vip2", "rank": 2, "priority_boost": 1}
    assert event.reason == "New VIP programme"


def test_a_vip_policy_changed_in_the_admin_records_before_and_after(admin_client):
    policy = VipPolicy.objects.create(level="vip3", rank=3, priority_boost=1)
    response = admin_client.post(
        f"/admin/routing/vippolicy/{policy.pk}/change/",
        {"level": "vip3", "rank": "3", "priority_boost": "2", "audit_reason": "Complaints from VIP 3"},
    )
    assert response.status_code == 302

    (event,) = events("vip_policy.updated")
    assert before(event)["priority_boost"] == 1
    assert after(event)["priority_boost"] == 2
    assert event.reason == "Complaints from VIP 3"


def test_a_vip_policy_deleted_in_the_admin_is_audited(admin_client):
    policy = VipPolicy.objects.create(level="vip1", rank=1, priority_boost=1)
    response = admin_client.post(f"/admin/routing/vippolicy/{policy.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not VipPolicy.objects.exists()
    (event,) = events("vip_policy.deleted")
    assert event.before == {"level": "vip1", "rank": 1, "priority_boost": 1}


def test_a_bulk_delete_in_the_admin_audits_every_row(admin_client):
    policies = [VipPolicy.objects.create(level=level, rank=n) for n, level in enumerate(["vip1", "vip2"])]
    response = admin_client.post(
        "/admin/routing/vippolicy/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in policies], "post": "yes"},
    )
    assert response.status_code == 302
    assert not VipPolicy.objects.exists()
    assert sorted(before(e)["level"] for e in events("vip_policy.deleted")) == ["vip1", "vip2"]


def test_a_team_with_its_shifts_saved_in_the_admin_is_one_audited_change(admin_client):
    data = {
        "name": "Night owls",
        "slug": "night-owls",
        "tier": "1",
        "languages": ["en", "ja"],
        "region": "",
        "time_zone": "Asia/Tokyo",
        "wait_target_seconds": "180",
        "chat_capacity": "3",
        "ticket_capacity": "25",
        "vip_reserved_capacity": "0",
        "accepts_overflow": "on",
        "audit_reason": "Cover Japan at night",
        **no_inlines("memberships", "holidays"),
        "shifts-TOTAL_FORMS": "1",
        "shifts-INITIAL_FORMS": "0",
        "shifts-MIN_NUM_FORMS": "0",
        "shifts-MAX_NUM_FORMS": "1000",
        "shifts-0-weekday": "0",
        "shifts-0-start": "22:00",
        "shifts-0-end": "06:00",
    }
    response = admin_client.post("/admin/routing/team/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    team = Team.objects.get(slug="night-owls")
    assert Shift.objects.filter(team=team).count() == 1
    (event,) = events("team.created")
    assert after(event)["shifts"] == [[0, "22:00", "06:00"]]
    assert after(event)["languages"] == ["en", "ja"]
    assert event.reason == "Cover Japan at night"


def test_a_team_deletion_refused_by_the_service_says_why_and_deletes_nothing(admin_client):
    team = TeamFactory.create()
    RoutingRule.objects.create(name="Japanese to the night team", actions={"team": team.slug})
    response = admin_client.post(f"/admin/routing/team/{team.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Routing rules send cases to" in response.content.decode()
    assert Team.objects.filter(pk=team.pk).exists()
    assert not events("team.deleted")


def test_an_sla_policy_changed_in_the_admin_records_only_the_fields_that_changed(admin_client):
    policy = SlaPolicy.objects.create(name="Urgent", position=90)
    response = admin_client.post(
        f"/admin/sla/slapolicy/{policy.pk}/change/",
        {
            "position": "90",
            "name": "Urgent",
            "is_active": "on",
            "first_response_target": "00:10:00",
            "warn_notify_assignee": "on",
            "breach_notify_assignee": "on",
            "breach_notify_leads": "on",
            "audit_reason": "Tighter first response",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (event,) = events("sla.slapolicy.updated")
    assert event.before == {"first_response_target": None}
    assert event.after == {"first_response_target": "P0DT00H10M00S"}
    assert event.reason == "Tighter first response"


def test_a_role_change_in_the_admin_is_audited_without_the_password_hash(admin_client):
    user = AgentFactory.create(username="carol")
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    data = {
        "username": "carol",
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "role": "supervisor",
        "time_zone": "UTC",
        "language": "en",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "audit_reason": "Promoted",
    }
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    (event,) = events("accounts.user.updated")
    assert before(event)["role"] == "agent"
    assert after(event)["role"] == "supervisor"
    assert "password" not in after(event)
    assert event.reason == "Promoted"


def test_a_password_set_in_the_admin_is_audited_and_redacted(admin_client):
    user = AgentFactory.create(username="dave")
    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "another-horse-battery", "password2": "another-horse-battery"},
    )
    assert response.status_code == 302
    (event,) = events("accounts.user.password_set")
    assert event.after == {"password": "[redacted]"}
    assert "another-horse-battery" not in str(AuditEvent.objects.values_list("after", flat=True))


def test_a_mailbox_password_changed_in_the_admin_never_enters_the_log(admin_client):
    mailbox = Mailbox.objects.create(name="Support", address="support@exchange.example")
    response = admin_client.post(
        f"/admin/mail/mailbox/{mailbox.pk}/change/",
        {
            "name": "Support",
            "address": "support@exchange.example",
            "from_name": "Support",
            "language": "en",
            "is_active": "on",
            "imap_port": "993",
            "imap_password": "s3cret-imap-pass",
            "imap_folder": "INBOX",
            "poll_every": "60",
            "audit_reason": "Rotated the IMAP password",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.filter(object_type="mail.mailbox").get()
    assert event.reason == "Rotated the IMAP password"
    assert "s3cret-imap-pass" not in str(event.after)


def test_switching_off_a_periodic_task_from_the_admin_list_is_audited(admin_client):
    every_minute = IntervalSchedule.objects.create(every=60, period=IntervalSchedule.SECONDS)
    task = PeriodicTask.objects.create(
        name="Seal the audit log (test)", task="audit.tasks.audit_seal_pending_task", interval=every_minute
    )
    response = admin_client.post(
        "/admin/django_celery_beat/periodictask/",
        {"action": "disable_tasks", "_selected_action": [task.pk]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.enabled is False
    (event,) = events("django_celery_beat.periodictask.updated")
    assert (event.before, event.after) == ({"enabled": True}, {"enabled": False})


def test_every_admin_that_can_change_something_writes_the_audit_log(root):
    request = RequestFactory().get("/admin/")
    request.user = root
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        adds = model_admin.has_add_permission(request)
        changes = model_admin.has_change_permission(request)
        deletes = model_admin.has_delete_permission(request)
        if not (adds or changes or deletes):
            continue
        name = model._meta.label
        if not isinstance(model_admin, AuditedAdmin):
            unaudited.append(name)
            continue
        if model_admin.audited_by_services:
            # Then its own save and delete must call the services that audit.
            if (adds or changes) and type(model_admin).save_model is AuditedAdmin.save_model:
                unaudited.append(f"{name} (save)")
            if deletes and type(model_admin).delete_model is AuditedAdmin.delete_model:
                unaudited.append(f"{name} (delete)")
    assert unaudited == []


def test_routing_rules_edited_in_the_admin_list_go_through_the_rule_service(admin_client):
    rule = RoutingRule.objects.create(position=1, name="VIPs first", actions={"priority": "high"})
    response = admin_client.post(
        "/admin/routing/routingrule/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(rule.pk),
            "form-0-position": "7",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule.refresh_from_db()
    assert (rule.position, rule.is_active) == (7, False)
    (event,) = events("routing_rule.updated")
    assert (before(event)["position"], after(event)["position"]) == (1, 7)
    assert (before(event)["is_active"], after(event)["is_active"]) == (True, False)


def test_a_calendar_saved_in_the_admin_records_its_hours_holidays_and_teams(admin_client):
    team = TeamFactory.create()
    response = admin_client.post(
        "/admin/sla/businesscalendar/add/",
        {
            "name": "Europe office",
            "time_zone": "Europe/Malta",
            "audit_reason": "Malta office opens",
            **no_inlines("holidays"),
            "team_links-TOTAL_FORMS": "1",
            "team_links-INITIAL_FORMS": "0",
            "team_links-0-team": str(team.pk),
            "hours-TOTAL_FORMS": "1",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "0",
            "hours-0-start": "09:00",
            "hours-0-end": "17:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (event,) = events("sla.businesscalendar.created")
    assert after(event)["time_zone"] == "Europe/Malta"
    assert after(event)["teamcalendar"] == [{"team": team.pk}]
    assert after(event)["businesshours"] == [{"weekday": 0, "start": "09:00:00", "end": "17:00:00"}]
    assert event.reason == "Malta office opens"


def test_an_api_change_records_the_reason_sent_in_the_x_audit_reason_header(root):
    from rest_framework.test import APIClient

    team = TeamFactory.create()
    client = APIClient()
    client.force_authenticate(root)
    response = client.patch(
        f"/api/routing/teams/{team.pk}/",
        {"chat_capacity": 5},
        format="json",
        HTTP_X_AUDIT_REASON="Holiday season surge",
    )
    assert response.status_code == 200, response.content
    (event,) = events("team.updated")
    assert event.reason == "Holiday season surge"
