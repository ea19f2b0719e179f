"""`manage.py seed_demo`: a lived-in helpdesk made through the services, safe to run again."""

import datetime as dt
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEvent
from casework.services import tickets_close_solved
from customers.models import Customer, KycStatus, VipLevel
from routing.models import Team, TeamMembership, Tier
from tickets.models import Channel, EntryKind, Status, Tag, Ticket, TimelineEntry
from workspace.management.demo_data import DEMO_PASSWORD, USERS

pytestmark = pytest.mark.django_db


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, Any]:
    return {
        "users": sorted(User.objects.values_list("username", "password", "role")),
        "teams": sorted(Team.objects.values_list("slug", "tier", "is_outsourced")),
        "memberships": TeamMembership.objects.count(),
        "customers": sorted(Customer.objects.values_list("external_id", "updated_at")),
        "tickets": sorted(
            Ticket.objects.values_list("pk", "status", "assignee_id", "team_id", "created_at", "updated_at")
        ),
        "entries": TimelineEntry.objects.count(),
        "tags": Tag.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_running_seed_demo_twice_changes_nothing_the_second_time() -> None:
    seed_demo()
    first = snapshot()

    output = seed_demo()

    assert snapshot() == first
    assert "nothing changed" in output


def test_demo_tickets_exist_in_every_status_and_every_channel() -> None:
    seed_demo()

    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Ticket.objects.values_list("channel", flat=True)) == set(Channel.values)


def test_demo_customers_cover_every_vip_level_and_kyc_status_in_many_languages() -> None:
    seed_demo()

    assert Customer.objects.count() >= 30
    assert set(Customer.objects.values_list("vip_level", flat=True)) == set(VipLevel.values)
    assert set(Customer.objects.values_list("kyc_status", flat=True)) == set(KycStatus.values)
    assert {"en", "es", "pt-br", "tr", "ja", "de", "fr", "ru"} <= set(
        Customer.objects.values_list("language", flat=True)
    )
    assert Customer.objects.exclude(account_flags=[]).count() >= 3


def test_demo_agents_work_in_every_tier_and_one_partner_team_is_outsourced() -> None:
    seed_demo()

    agent_tiers = set(
        TeamMembership.objects.filter(user__role=Role.AGENT).values_list("team__tier", flat=True)
    )
    assert agent_tiers == {Tier.GENERAL, Tier.SPECIALIST, Tier.EXECUTIVE}
    partner = Team.objects.get(is_outsourced=True)
    assert partner.tier == Tier.GENERAL
    assert partner.memberships.filter(user__role=Role.AGENT).exists()
    assert User.objects.filter(role=Role.SUPERVISOR).count() >= 2
    assert User.objects.get(username="admin").is_superuser
    assert len(set(User.objects.values_list("time_zone", flat=True))) >= 10


def test_demo_timelines_hold_replies_notes_reopenings_and_an_audit_record_for_each_change() -> None:
    seed_demo()

    kinds = set(TimelineEntry.objects.values_list("kind", flat=True))
    assert {EntryKind.CUSTOMER_MESSAGE, EntryKind.AGENT_REPLY, EntryKind.INTERNAL_NOTE} <= kinds
    assert Ticket.objects.filter(reopen_count__gte=1).exists()
    assert TimelineEntry.objects.filter(data__event="reopened").exists()
    created = AuditEvent.objects.filter(action="ticket.created")
    assert set(created.values_list("object_id", flat=True)) == {
        str(pk) for pk in Ticket.objects.values_list("pk", flat=True)
    }
    # Every timeline entry an agent made went through a service that also wrote an audit record.
    assert (
        AuditEvent.objects.filter(action="ticket.replied").count()
        == TimelineEntry.objects.filter(kind=EntryKind.AGENT_REPLY).count()
    )


def test_demo_history_is_spread_over_past_weeks_in_order_and_never_in_the_future() -> None:
    seed_demo()
    now = timezone.now()

    oldest = Ticket.objects.order_by("created_at").first()
    assert oldest is not None and oldest.created_at < now - dt.timedelta(days=21)
    assert not TimelineEntry.objects.filter(created_at__gt=now).exists()
    for ticket in Ticket.objects.all():
        times = list(ticket.entries.order_by("id").values_list("created_at", flat=True))
        assert times == sorted(times), ticket
        assert times[0] == ticket.created_at
        # The last change is the last entry, or a message followed only by system events (routed,
        # linked to an incident), which leave the ticket's own time alone.
        messages = ticket.entries.exclude(kind=EntryKind.SYSTEM_EVENT).order_by("id")
        last_message = messages.values_list("created_at", flat=True).last()
        assert last_message is not None and last_message <= ticket.updated_at <= times[-1], ticket
        if ticket.first_response_at is not None:
            assert ticket.created_at < ticket.first_response_at <= ticket.updated_at
        if ticket.status == Status.CLOSED:
            assert ticket.solved_at is not None and ticket.closed_at is not None
            assert ticket.solved_at < ticket.closed_at


def test_demo_solved_tickets_stay_solved_through_the_autoclose_sweep() -> None:
    seed_demo()
    solved = Ticket.objects.filter(status=Status.SOLVED).count()

    closed = tickets_close_solved(older_than=dt.timedelta(days=settings.HELPDESK_AUTOCLOSE_DAYS))

    assert closed == 0
    assert Ticket.objects.filter(status=Status.SOLVED).count() == solved > 0


def test_every_printed_demo_login_signs_in_with_the_printed_password() -> None:
    output = seed_demo()

    assert DEMO_PASSWORD in output
    for demo in USERS:
        assert demo.username in output
        # Through the sign-in page: the sign-in throttle wants the request Client.login() leaves out.
        response = Client().post("/accounts/login/", {"username": demo.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, demo.username


def test_seed_demo_refuses_to_run_in_production(settings: Any) -> None:
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed_demo()

    assert not User.objects.filter(username="admin").exists()


def test_the_demo_has_a_default_team_and_executives_who_take_cases_by_escalation_only() -> None:
    seed_demo()
    default = Team.objects.get(is_default=True)
    assert (default.slug, default.tier) == ("general-en", Tier.GENERAL)
    assert default.memberships.exists()
    executive = Team.objects.get(tier=Tier.EXECUTIVE)
    assert executive.shifts.exists()
    assert executive.accepts_overflow is False
    # No open demo case is left without a team.
    assert not Ticket.objects.filter(team__isnull=True).exclude(status=Status.CLOSED).exists()
