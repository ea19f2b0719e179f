"""Statements per hot path of routing, counted so they cannot creep back (issue 15).

Routing configuration is read once per process and checked with one statement per decision
(routing.config); each test loads it first, as a running process holds it.
"""

from typing import Any

import pytest
from django.conf import settings

from audit.context import audit_context
from audit.models import AuditEvent
from customers.models import VipLevel
from routing.config import routing_config
from routing.models import RoutingRule
from routing.services import assignment_get_next, assignment_push, ticket_route
from tests.factories import make_customer, make_ticket
from tests.routing.conftest import member
from tickets.models import EntryKind, Priority, Status, Ticket

pytestmark = pytest.mark.django_db


def new_ticket(**kwargs: Any) -> Ticket:
    """A case just written, not yet routed, as the intake pipeline hands it to routing."""
    ticket = make_ticket(route=False, **kwargs)
    assert ticket.team_id is None
    return ticket


# --- Get next ---------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_get_next_claims_with_its_timeline_event_and_audit_record_in_one_statement(
    general_team: Any, django_assert_num_queries: Any
) -> None:
    agent = member(general_team, "puller")
    first, second = make_ticket(push=False), make_ticket(push=False)
    with django_assert_num_queries(2):  # a process reads the agent's teams on their first click
        assert assignment_get_next(agent=agent) == first
    with django_assert_num_queries(1):
        claimed = assignment_get_next(agent=agent)
    assert claimed == second
    assert claimed is not None
    assert (claimed.assignee_id, claimed.status) == (agent.pk, Status.OPEN)
    assert claimed.routing["team_name"] == "General"  # the row as stored, JSON decoded
    event = claimed.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="assigned")
    assert event.data == {"event": "assigned", "to": agent.pk, "to_name": str(agent), "how": "get_next"}
    audit = AuditEvent.objects.get(action="ticket.assigned", object_id=str(claimed.pk))
    # What audit_record writes for an assignment, field by field.
    assert audit.actor_id is None
    assert audit.actor_label == "system:get_next"
    assert audit.object_type == "tickets.ticket"
    assert audit.object_repr == str(claimed)
    assert audit.object_repr.startswith(f"{settings.HELPDESK_TICKET_PREFIX}-")
    assert (audit.before, audit.after) == ({"assignee": None}, {"assignee": agent.pk})


@pytest.mark.postgres
def test_get_next_hands_back_the_claimed_case_as_the_orm_loads_it(general_team: Any) -> None:
    agent = member(general_team, "puller")
    case = make_ticket(push=False)
    claimed = assignment_get_next(agent=agent)
    assert claimed is not None
    loaded = Ticket.objects.get(pk=case.pk)
    # Every field's value as a query converts it (times zone-aware, JSON decoded), and the instance
    # known as stored in the default database, so saving it updates the row.
    assert {f.attname: getattr(claimed, f.attname) for f in Ticket._meta.concrete_fields} == {
        f.attname: getattr(loaded, f.attname) for f in Ticket._meta.concrete_fields
    }
    assert (claimed._state.adding, claimed._state.db) == (False, "default")
    claimed.subject = "renamed after the claim"
    claimed.save(update_fields=["subject"])
    assert Ticket.objects.get(pk=case.pk).subject == "renamed after the claim"


@pytest.mark.postgres
def test_get_next_audit_record_carries_the_requests_address_and_reason(general_team: Any) -> None:
    agent = member(general_team, "puller")
    case = make_ticket(push=False)
    with audit_context(ip="203.0.113.7", reason="start of the night shift"):
        assert assignment_get_next(agent=agent) == case
    audit = AuditEvent.objects.get(action="ticket.assigned", object_id=str(case.pk))
    assert (audit.ip, audit.reason) == ("203.0.113.7", "start of the night shift")


@pytest.mark.postgres
def test_get_next_writes_a_ticket_prefix_with_quotes_and_percent_signs_as_it_is(
    general_team: Any, settings: Any
) -> None:
    # The prefix is written into the claim's statement once per process, not bound.
    settings.HELPDESK_TICKET_PREFIX = "O'K%s"
    agent = member(general_team, "puller")
    case = make_ticket(push=False)
    claimed = assignment_get_next(agent=agent)
    assert claimed == case
    audit = AuditEvent.objects.get(action="ticket.assigned", object_id=str(case.pk))
    assert audit.object_repr == str(claimed)
    assert audit.object_repr.startswith("O'K%s-")


@pytest.mark.postgres
def test_get_next_with_nothing_to_claim_is_one_statement(
    general_team: Any, django_assert_num_queries: Any
) -> None:
    agent = member(general_team, "puller")
    make_ticket(push=False)
    assert assignment_get_next(agent=agent) is not None
    with django_assert_num_queries(1):
        assert assignment_get_next(agent=agent) is None


@pytest.mark.postgres
def test_get_next_sees_a_team_the_agent_joined_after_this_process_read_their_teams(
    general_team: Any, wallets_team: Any
) -> None:
    agent = member(general_team, "puller", online=False)
    assert assignment_get_next(agent=agent) is None  # the agent's teams, as read now: General
    wallets_team.memberships.create(user=agent)
    case = make_ticket()
    Ticket.objects.filter(pk=case.pk).update(team=wallets_team)
    assert assignment_get_next(agent=agent) == case


# --- Routing a new case -----------------------------------------------------------------------------


def test_routing_a_new_case_with_nobody_online_is_five_statements(
    general_team: Any, django_assert_num_queries: Any
) -> None:
    member(general_team, "away", online=False)
    ticket = new_ticket()
    routing_config()
    # The configuration check, the team's online agents with their load, the ticket's row, the
    # "routed" timeline event and its audit record.
    with django_assert_num_queries(5):
        outcome = ticket_route(ticket=ticket)
    assert (outcome.team, outcome.assignee) == (general_team, None)


def test_routing_a_new_case_to_an_online_agent_writes_the_ticket_once_in_ten_statements(
    general_team: Any, django_assert_num_queries: Any
) -> None:
    agent = member(general_team, "online")
    ticket = new_ticket()
    routing_config()
    # The five of routing, and for the assignment: the agent's row locked, their load counted under
    # the lock, their turn in the round robin, the "assigned" event and its audit record. The team,
    # tier, priority and assignee go to the ticket's row together.
    with django_assert_num_queries(10) as captured:
        outcome = ticket_route(ticket=ticket)
    assert outcome.assignee == agent
    ticket_writes = [q for q in captured.captured_queries if q["sql"].startswith('UPDATE "tickets_ticket"')]
    assert len(ticket_writes) == 1
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.team, stored.assignee, stored.status) == (general_team, agent, Status.OPEN)
    events = [e.data["event"] for e in stored.entries.filter(kind=EntryKind.SYSTEM_EVENT)]
    assert events[-2:] == ["routed", "assigned"]
    assert AuditEvent.objects.filter(object_id=str(ticket.pk), action="ticket.assigned").count() == 1


def test_routing_a_new_case_by_a_rule_with_tags_is_seven_statements(
    general_team: Any, wallets_team: Any, django_assert_num_queries: Any
) -> None:
    RoutingRule.objects.create(
        position=1,
        name="VIP withdrawals",
        conditions=[{"field": "vip_level", "op": "in", "value": ["vip2", "vip3"]}],
        actions={"team": "wallets", "priority": "urgent", "tags": ["vip-withdrawal"]},
    )
    ticket = new_ticket(customer=make_customer(vip_level=VipLevel.VIP2))
    routing_config()
    # The configuration check, the ticket's row, the "routed" event and its audit record (the team
    # has no members: nobody to push to), and the rule's tag: created unless it exists, read back,
    # linked unless it is.
    with django_assert_num_queries(7):
        outcome = ticket_route(ticket=ticket)
    assert outcome.team == wallets_team
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.priority == Priority.URGENT
    assert [t.name for t in stored.tags.all()] == ["vip-withdrawal"]


# --- Push assignment --------------------------------------------------------------------------------


def test_push_assignment_to_an_online_agent_is_eight_statements(
    general_team: Any, django_assert_num_queries: Any
) -> None:
    agent = member(general_team, "online")
    ticket = make_ticket(push=False)
    assert ticket.team == general_team
    routing_config()
    # The configuration check, the online agents with their load, the agent's row locked, their load
    # under the lock, the ticket's row, the agent's turn, the "assigned" event and its audit record.
    with django_assert_num_queries(8):
        assert assignment_push(ticket=ticket) == agent
    assert Ticket.objects.get(pk=ticket.pk).assignee == agent
