"""32 agents race for one backlog on real PostgreSQL: every case is claimed once, nobody over capacity."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from routing.services import assignment_get_next
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tickets.models import EntryKind, Ticket

AGENTS = 32
CAPACITY = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_get_next_never_gives_one_ticket_to_two_agents_nor_exceeds_capacity():
    team = make_team(name="Surge", slug="surge", tier=1, ticket_capacity=CAPACITY, languages=[])
    agents = [make_agent(username=f"racer{i}") for i in range(AGENTS)]
    for agent in agents:
        TeamMembershipFactory(team=team, user=agent)
    # More work than all agents together may hold, so the capacity limit is exercised too.
    backlog = AGENTS * CAPACITY + 40
    for _ in range(backlog):
        make_ticket(team=team)
    assert connection.vendor == "postgresql"

    claims: dict[int, list[int]] = {a.pk: [] for a in agents}
    errors: list[BaseException] = []
    start = threading.Barrier(AGENTS)

    def work(agent):
        try:
            start.wait()
            while (ticket := assignment_get_next(agent=agent)) is not None:
                claims[agent.pk].append(ticket.pk)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors

    claimed = [pk for pks in claims.values() for pk in pks]
    assert len(claimed) == len(set(claimed)), "a ticket was handed to two agents"
    assert len(claimed) == AGENTS * CAPACITY
    assert max(len(pks) for pks in claims.values()) == CAPACITY
    in_db = Counter(Ticket.objects.filter(assignee__isnull=False).values_list("assignee_id", flat=True))
    assert in_db == Counter({agent_id: len(pks) for agent_id, pks in claims.items() if pks})
    assigned_events = Counter(
        Ticket.objects.filter(
            entries__kind=EntryKind.SYSTEM_EVENT, entries__data__event="assigned"
        ).values_list("pk", flat=True)
    )
    assert set(assigned_events.values()) == {1}
    assert Ticket.objects.filter(assignee__isnull=True).count() == backlog - AGENTS * CAPACITY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_agents_parallel_clicks_never_take_them_past_capacity():
    """Eight clicks of one agent at once (tabs, a double click): the claims queue on the agent's row,
    and a claim whose snapshot predates another click's claim asks again rather than count stale."""
    team = make_team(name="Clicks", slug="clicks", tier=1, ticket_capacity=3, languages=[])
    agent = make_agent(username="clicker")
    TeamMembershipFactory(team=team, user=agent)
    assignment_get_next(agent=agent)  # the agent's status row exists, as after any first click
    for _ in range(12):
        make_ticket(team=team)
    claims: list[int] = []
    errors: list[BaseException] = []
    clicks = 8
    start = threading.Barrier(clicks)

    def click():
        try:
            start.wait()
            for _ in range(3):
                if (ticket := assignment_get_next(agent=agent)) is not None:
                    claims.append(ticket.pk)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(claims) == len(set(claims)) == 3
    assert Ticket.objects.filter(assignee=agent).count() == 3
