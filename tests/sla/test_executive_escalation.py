"""A case unresolved 7 days after it was opened goes to the executive tier with an owner, once."""

import datetime as dt

import pytest
import time_machine

from accounts.models import Role
from casework.services import ticket_reply, ticket_set_status
from intake.pipeline import customer_message_add
from routing.models import TeamMembership, Tier
from sla.models import NoticeKind, SlaNotification
from sla.services import sla_executive_escalation_sweep
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of
from tickets.models import Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def teams():
    general = make_team(name="General", slug="general", tier=Tier.GENERAL)
    executive = make_team(name="Executive desk", slug="executive", tier=Tier.EXECUTIVE)
    erin = make_agent(username="erin", first_name="Erin")
    TeamMembership.objects.create(team=executive, user=erin, is_lead=True)
    return general, executive, erin


def _escalations(ticket: Ticket) -> int:
    return TimelineEntry.objects.filter(ticket=ticket, data__event="executive_escalation").count()


def test_a_case_unresolved_for_seven_days_moves_to_the_executive_tier_with_its_lead_as_owner(
    teams, django_capture_on_commit_callbacks
):
    general, executive, erin = teams
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=general)
    with time_machine.travel(MONDAY + 7 * DAY - dt.timedelta(minutes=1), tick=False):
        assert sla_executive_escalation_sweep() == 0
    with time_machine.travel(MONDAY + 7 * DAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_executive_escalation_sweep() == 1
        assert sla_executive_escalation_sweep() == 0
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team, ticket.assignee) == (Tier.EXECUTIVE, executive, erin)
    assert _escalations(ticket) == 1
    event = TimelineEntry.objects.get(ticket=ticket, data__event="executive_escalation")
    assert event.data["owner"] == erin.pk
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="escalated").count() == 1
    notice = SlaNotification.objects.get(ticket=ticket, kind=NoticeKind.EXECUTIVE)
    assert notice.recipient == erin and notice.emailed_at is not None
    clock = clock_of(ticket)
    assert clock.exec_escalated_at == MONDAY + 7 * DAY and clock.exec_due_at is None


def test_a_solved_case_is_left_alone_and_escalated_once_it_is_reopened_after_the_seventh_day(teams):
    general, _executive, erin = teams
    agent = make_agent(username="alice")
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=general)
    with time_machine.travel(MONDAY + 2 * DAY, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Fixed.", status=Status.SOLVED)
    with time_machine.travel(MONDAY + 8 * DAY, tick=False):
        assert sla_executive_escalation_sweep() == 0
    with time_machine.travel(MONDAY + 9 * DAY, tick=False):
        customer_message_add(ticket=ticket, body="It is broken again.")
        assert sla_executive_escalation_sweep() == 1
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.assignee) == (Tier.EXECUTIVE, erin)

    # Solved and reopened again: the case was escalated already, and is not a second time.
    with time_machine.travel(MONDAY + 10 * DAY, tick=False):
        ticket_set_status(ticket=ticket, actor=erin, status=Status.SOLVED)
        customer_message_add(ticket=ticket, body="And again.")
        assert sla_executive_escalation_sweep() == 0
    assert _escalations(ticket) == 1


def test_without_an_executive_lead_the_least_loaded_supervisor_owns_the_case():
    general = make_team(name="General", slug="general", tier=Tier.GENERAL)
    make_team(name="Executive desk", slug="executive", tier=Tier.EXECUTIVE)
    busy = make_agent(username="busy", role=Role.SUPERVISOR)
    free = make_agent(username="free", role=Role.SUPERVISOR)
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=general)
    with time_machine.travel(MONDAY + 7 * DAY, tick=False):
        make_ticket(team=general, assignee=busy)  # recent: not due, but it is work
        assert sla_executive_escalation_sweep() == 1
    ticket.refresh_from_db()
    assert ticket.assignee == free
    assert busy.pk < free.pk  # not chosen by the tie-break


def test_a_case_already_at_the_executive_tier_gets_an_owner_and_is_not_moved(teams):
    _general, executive, erin = teams
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=executive, tier=Tier.EXECUTIVE)
    with time_machine.travel(MONDAY + 7 * DAY, tick=False):
        assert sla_executive_escalation_sweep() == 1
    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (executive, erin)
    assert not TimelineEntry.objects.filter(ticket=ticket, data__event="escalated").exists()
    assert _escalations(ticket) == 1


def test_the_escalation_age_is_a_setting(teams, settings):
    general, _executive, _erin = teams
    settings.SLA_EXECUTIVE_ESCALATION_DAYS = 3
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=general)
    assert clock_of(ticket).exec_due_at == MONDAY + 3 * DAY
    with time_machine.travel(MONDAY + 3 * DAY, tick=False):
        assert sla_executive_escalation_sweep() == 1
