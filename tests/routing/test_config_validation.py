"""Configuration the helpdesk cannot use is refused with a message, in the admin and the API, instead of
being saved and silently read as something else (UTC, nobody's language, a level nobody has)."""

from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from mail.models import Mailbox
from routing.models import Team, VipPolicy
from sla.models import BusinessCalendar, SlaPolicy
from tests.factories import make_agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(make_agent(username="root", role="admin", is_staff=True, is_superuser=True))
    return client


def no_inlines(*prefixes: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def team_form(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Mars base",
        "slug": "mars-base",
        "tier": "1",
        "languages": ["en"],
        "time_zone": "UTC",
        "wait_target_seconds": "180",
        "chat_capacity": "3",
        "ticket_capacity": "25",
        "vip_reserved_capacity": "0",
        **no_inlines("memberships", "shifts", "holidays"),
        **changes,
    }


def test_the_admin_refuses_a_team_time_zone_that_does_not_exist(admin_client):
    response = admin_client.post("/admin/routing/team/add/", team_form(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert "Mars/Olympus is not a time zone; use an IANA name such as Europe/Berlin." in (
        response.content.decode()
    )
    assert not Team.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="team.").exists()


def test_the_admin_refuses_a_time_zone_folder_that_would_crash_the_readers(admin_client):
    response = admin_client.post("/admin/routing/team/add/", team_form(time_zone="America"))
    assert response.status_code == 200
    assert "America is not a time zone" in response.content.decode()


def test_the_admin_saves_a_team_with_a_real_time_zone(admin_client):
    response = admin_client.post("/admin/routing/team/add/", team_form(time_zone="America/Sao_Paulo"))
    assert response.status_code == 302
    assert Team.objects.get().time_zone == "America/Sao_Paulo"


def test_the_admin_refuses_a_team_that_takes_neither_chats_nor_tickets(admin_client):
    response = admin_client.post(
        "/admin/routing/team/add/", team_form(chat_capacity="0", ticket_capacity="0")
    )
    assert response.status_code == 200
    assert "neither chats nor tickets" in response.content.decode()


def test_the_admin_refuses_a_vip_policy_for_a_level_no_customer_can_have(admin_client):
    response = admin_client.post(
        "/admin/routing/vippolicy/add/", {"level": "vip9", "rank": "9", "priority_boost": "1"}
    )
    assert response.status_code == 200
    assert "Select a valid choice. vip9 is not one of the available choices." in response.content.decode()
    assert not VipPolicy.objects.exists()


def test_a_vip_policy_for_an_unknown_level_is_refused_by_the_model_too() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not a VIP level a customer can have"):
        VipPolicy(level="platinum", rank=1, priority_boost=1).full_clean()


def test_the_api_refuses_team_languages_the_helpdesk_does_not_have(admin_api, general_team):
    response = admin_api.patch(
        f"/api/routing/teams/{general_team.pk}/", {"languages": ["en", "xx"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["languages"] == ["Not one of the helpdesk's languages: xx."]
    general_team.refresh_from_db()
    assert general_team.languages == ["en", "es"]


def test_the_api_refuses_a_mars_time_zone_with_a_message(admin_api, general_team):
    response = admin_api.patch(
        f"/api/routing/teams/{general_team.pk}/", {"time_zone": "Mars/Olympus"}, format="json"
    )
    assert response.status_code == 400
    assert "Unknown time zone" in response.json()["errors"]["time_zone"][0]


def test_the_team_service_refuses_what_the_model_refuses(routing_admin, general_team):
    from helpdesk.errors import DomainError
    from routing.services import team_save

    with pytest.raises(DomainError, match="Mars/Olympus is not a time zone"):
        team_save(actor=routing_admin, team=general_team, fields={"time_zone": "Mars/Olympus"})
    general_team.refresh_from_db()
    assert general_team.time_zone == "UTC"


def test_a_business_calendar_in_a_time_zone_folder_is_a_form_error_not_a_500(admin_client):
    response = admin_client.post(
        "/admin/sla/businesscalendar/add/",
        {
            "name": "Americas",
            "time_zone": "America",
            "always_open": "on",
            **no_inlines("team_links", "hours", "holidays"),
        },
    )
    assert response.status_code == 200
    assert "America is not a time zone" in response.content.decode()
    assert not BusinessCalendar.objects.exists()


def test_an_sla_target_of_zero_or_less_is_refused(admin_client):
    response = admin_client.post(
        "/admin/sla/slapolicy/add/",
        {"position": "5", "name": "Broken", "is_active": "on", "first_response_target": "-1 00:00:00"},
    )
    assert response.status_code == 200
    assert "A target must be longer than zero" in response.content.decode()
    assert not SlaPolicy.objects.filter(name="Broken").exists()


def test_an_agent_time_zone_or_language_that_does_not_exist_is_refused(admin_client):
    user = make_agent(username="erin")
    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "username": "erin",
            "email": user.email,
            "is_active": "on",
            "role": "agent",
            "time_zone": "Mars/Olympus",
            "language": "klingon",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mars/Olympus is not a time zone" in body
    assert "klingon is not one of the helpdesk&#x27;s languages" in body
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_a_mailbox_language_the_helpdesk_does_not_have_is_refused(admin_client):
    response = admin_client.post(
        "/admin/mail/mailbox/add/",
        {
            "name": "Support",
            "address": "support@exchange.example",
            "from_name": "Support",
            "language": "xx",
            "is_active": "on",
            "imap_port": "993",
            "imap_folder": "INBOX",
            "poll_every": "60",
        },
    )
    assert response.status_code == 200
    assert "xx is not one of the helpdesk" in response.content.decode()
    assert not Mailbox.objects.exists()


def test_a_customer_time_zone_that_does_not_exist_is_refused_in_the_admin(admin_client):
    from customers.models import Customer

    response = admin_client.post(
        "/admin/customers/customer/add/",
        {
            "external_id": "EX-404",
            "language": "en",
            "time_zone": "America",
            "vip_level": "standard",
            "kyc_status": "none",
            "account_flags": "[]",
            "pending_withdrawal_usd": "0",
        },
    )
    assert response.status_code == 200
    assert "America is not a time zone" in response.content.decode()
    assert not Customer.objects.exists()


def test_a_rule_on_a_value_the_fact_never_takes_is_refused_by_the_api(admin_api, general_team):
    from routing.models import RoutingRule

    response = admin_api.post(
        "/api/routing/rules/",
        {
            "name": "VIP 9 to general",
            "conditions": [{"field": "vip_level", "op": "eq", "value": "vip9"}],
            "actions": {"team": general_team.slug},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "VIP level is never vip9" in response.json()["message"]
    assert not RoutingRule.objects.exists()


def test_a_rule_on_a_language_the_helpdesk_does_not_have_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/routing/routingrule/add/",
        {
            "position": "1",
            "name": "Klingon",
            "is_active": "on",
            "conditions": '[{"field": "language", "op": "in", "value": ["ja", "tlh"]}]',
            "actions": '{"priority": "high"}',
        },
    )
    assert response.status_code == 200
    assert "language is never tlh" in response.content.decode()
