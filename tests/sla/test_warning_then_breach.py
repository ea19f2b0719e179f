"""At 80% of a target the assignee is warned; at 100% the breach actions of the policy run, once."""

import datetime as dt

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail

from audit.models import AuditEvent
from routing.models import TeamMembership, Tier
from sla.models import NoticeKind, SlaNotification, Target
from sla.services import sla_sweep
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of, make_policy
from tickets.models import Priority, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def desk():
    team = make_team(name="General", slug="general", tier=Tier.GENERAL)
    alice = make_agent(username="alice", email="alice@support.example")
    lena = make_agent(username="lena", email="lena@support.example")
    TeamMembership.objects.create(team=team, user=alice)
    TeamMembership.objects.create(team=team, user=lena, is_lead=True)
    return team, alice, lena


def _events(ticket, event: str) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(ticket=ticket, data__event=event))


def test_the_assignee_is_warned_once_when_80_percent_of_the_target_has_run(
    desk, django_capture_on_commit_callbacks
):
    team, alice, _lena = desk
    make_policy(first_response_target=H, resolution_target=None)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice)
    with time_machine.travel(MONDAY + dt.timedelta(minutes=47), tick=False):
        assert sla_sweep() == 0
    with time_machine.travel(MONDAY + dt.timedelta(minutes=48), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_sweep() == 1
        assert sla_sweep() == 0

    [warning] = _events(ticket, "sla_warning")
    assert warning.data["target"] == Target.FIRST_RESPONSE
    assert warning.data["notified"] == [alice.pk]
    assert any("Alice" in r or "alice" in r for r in warning.data["reasons"])
    notice = SlaNotification.objects.get(ticket=ticket)
    assert (notice.recipient, notice.kind, notice.emailed_at is not None) == (alice, NoticeKind.WARNING, True)
    assert [m.to for m in mail.outbox] == [["alice@support.example"]]
    assert ticket.reference in mail.outbox[0].subject
    assert clock_of(ticket).first_response_warned_at == MONDAY + dt.timedelta(minutes=48)
    assert AuditEvent.objects.filter(action="ticket.sla_warned", object_id=str(ticket.pk)).count() == 1


def test_a_breach_notifies_the_assignee_and_the_lead_and_raises_the_priority_once(
    desk, django_capture_on_commit_callbacks
):
    team, alice, lena = desk
    make_policy(first_response_target=H, resolution_target=None, breach_raise_priority=True)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice, priority=Priority.NORMAL)
    with time_machine.travel(MONDAY + dt.timedelta(minutes=50), tick=False):
        sla_sweep()
    with time_machine.travel(MONDAY + dt.timedelta(minutes=61), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_sweep() == 1
        assert sla_sweep() == 0
    with time_machine.travel(MONDAY + 3 * H, tick=False):
        assert sla_sweep() == 0

    [breach] = _events(ticket, "sla_breached")
    assert breach.data["targets"] == [Target.FIRST_RESPONSE]
    assert sorted(breach.data["notified"]) == sorted([alice.pk, lena.pk])
    assert breach.data["actions"] == ["priority"]
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH
    assert len(_events(ticket, "priority_changed")) == 1
    breaches = SlaNotification.objects.filter(ticket=ticket, kind=NoticeKind.BREACH)
    assert sorted(n.recipient.username for n in breaches) == ["alice", "lena"]
    assert sorted(m.to[0] for m in mail.outbox if "breached" in m.subject) == [
        "alice@support.example",
        "lena@support.example",
    ]
    assert clock_of(ticket).first_response_breached_at == MONDAY + H


def test_a_breach_far_past_its_warning_skips_the_warning(desk):
    team, alice, _lena = desk
    make_policy(first_response_target=H, resolution_target=None)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice)
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        assert sla_sweep() == 1
    assert _events(ticket, "sla_warning") == []
    assert len(_events(ticket, "sla_breached")) == 1


def test_a_policy_can_escalate_a_breached_case_to_the_next_tier(desk):
    team, alice, _lena = desk
    wallets = make_team(name="Wallets", slug="wallets", tier=Tier.SPECIALIST, skills=["wallets"])
    make_policy(first_response_target=H, resolution_target=None, breach_escalate=True)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice)
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        Ticket.objects.filter(pk=ticket.pk).update(skill="wallets")
        sla_sweep()
        assert sla_sweep() == 0
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier) == (wallets, Tier.SPECIALIST)
    assert len(_events(ticket, "escalated")) == 1
    assert _events(ticket, "sla_breached")[0].data["actions"] == ["escalated"]


def test_a_policy_without_breach_actions_only_records_the_breach(desk):
    team, alice, _lena = desk
    make_policy(
        first_response_target=H,
        resolution_target=None,
        warn_notify_assignee=False,
        breach_notify_assignee=False,
        breach_notify_leads=False,
    )
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice, priority=Priority.NORMAL)
    with time_machine.travel(MONDAY + dt.timedelta(minutes=50), tick=False):
        sla_sweep()
    with time_machine.travel(MONDAY + 2 * H, tick=False):
        sla_sweep()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert not SlaNotification.objects.filter(ticket=ticket).exists()
    assert len(_events(ticket, "sla_warning")) == 1
    assert len(_events(ticket, "sla_breached")) == 1


def test_each_next_response_cycle_warns_and_breaches_on_its_own(desk):
    team, alice, _lena = desk
    make_policy(first_response_target=H, next_response_target=H, resolution_target=None)
    from casework.services import ticket_reply
    from intake.pipeline import customer_message_add

    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice)
        ticket_reply(ticket=ticket, author=alice, body="Hello")
    for hour in (1, 4):
        with time_machine.travel(MONDAY + hour * H, tick=False):
            customer_message_add(ticket=ticket, body="Any news?")
        with time_machine.travel(MONDAY + (hour + 2) * H, tick=False):
            assert sla_sweep() == 1
            ticket_reply(ticket=ticket, author=alice, body="Working on it")
    assert len(_events(ticket, "sla_breached")) == 2
    assert SlaNotification.objects.filter(ticket=ticket, kind=NoticeKind.BREACH, recipient=alice).count() == 2
    assert clock_of(ticket).next_response_missed == 2


def test_the_assignees_open_workspace_hears_of_the_breach(desk, django_capture_on_commit_callbacks):
    team, alice, _lena = desk
    make_policy(first_response_target=H, resolution_target=None, breach_notify_leads=False)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"agent.{alice.pk}", channel)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=team, assignee=alice)
    with time_machine.travel(MONDAY + 2 * H, tick=False), django_capture_on_commit_callbacks(execute=True):
        sla_sweep()
    message = async_to_sync(layer.receive)(channel)
    async_to_sync(layer.group_discard)(f"agent.{alice.pk}", channel)
    assert message["type"] == "sla.notice"
    assert message["notice"]["type"] == "sla.breached"
    assert message["notice"]["ticket"] == ticket.pk
    assert message["notice"]["target"] == Target.FIRST_RESPONSE
