"""The work heartbeat: a case's page open, visible and in use opens and extends the agent's work span;
a gap of more than two minutes starts a new one; each beat credits at most the beat interval; only
cases the agent may see (partner agents: their teams') take beats."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from costs.models import SpanSource, WorkSpan
from costs.services import BEAT_SECONDS, workspan_beat
from tests.costs.conftest import at, case, signed_in

pytestmark = pytest.mark.django_db

# Session, user, clean room (partner teams), then the one statement that checks access and writes.
BEAT_REQUEST_STATEMENTS = 4


def spans(agent, ticket):
    return [
        (s.started_at, s.ended_at, s.last_beat_at)
        for s in WorkSpan.objects.filter(agent=agent, ticket=ticket).order_by("started_at")
    ]


def test_the_first_beat_opens_a_span_with_only_the_seconds_it_says_were_worked(ana, inhouse_team):
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=12, now=at(5))

    assert spans(ana, ticket) == [(at(0), at(0), at(0)), (at(5, -12), at(5), at(5))]


def test_beats_less_than_two_minutes_apart_extend_one_span(ana, inhouse_team):
    ticket = case(inhouse_team)
    for second in (0, 30, 60, 90):
        workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=30 if second else 0, now=at(0, second))

    assert spans(ana, ticket) == [(at(0), at(0, 90), at(0, 90))]
    assert WorkSpan.objects.get().source == SpanSource.PAGE


def test_a_gap_of_more_than_two_minutes_starts_a_new_span(ana, inhouse_team):
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=30, now=at(0, 30))
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=20, now=at(0, 30 + 121))

    assert spans(ana, ticket) == [(at(0), at(0, 30), at(0, 30)), (at(0, 131), at(0, 151), at(0, 151))]


def test_a_beat_two_minutes_after_the_last_one_still_extends_it(ana, inhouse_team):
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=30, now=at(2))

    assert len(spans(ana, ticket)) == 1


def test_a_beat_credits_at_most_the_interval_whatever_the_page_claims(ana, inhouse_team):
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    # The tab was hidden for 100 s, then said it worked an hour: 30 s are credited, not the pause.
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=3600, now=at(0, 100))

    [(start, end, last_beat)] = spans(ana, ticket)
    assert (end - start).total_seconds() == BEAT_SECONDS
    assert last_beat == at(0, 100)


def test_a_hidden_or_idle_page_that_says_hello_again_is_credited_nothing_for_the_pause(ana, inhouse_team):
    """The page decides what was visible and in use; it says hello with zero seconds on its return."""
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=30, now=at(0, 30))
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0, 110))  # back after 80 s hidden
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=30, now=at(0, 140))

    [(start, end, _)] = spans(ana, ticket)
    assert (end - start).total_seconds() == 60


def test_two_tabs_of_one_case_count_once(ana, inhouse_team):
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    for second in range(15, 121, 15):  # each tab beats every 30 s, the two 15 s apart
        workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=30, now=at(0, second))

    [(start, end, _)] = spans(ana, ticket)
    assert (end - start).total_seconds() == 120


def test_nonsense_seconds_credit_nothing(ana, inhouse_team):
    ticket = case(inhouse_team)
    workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=0, now=at(0))
    for bad in ("-50", "nan", "lots", None):
        workspan_beat(agent=ana, ticket_id=ticket.pk, seconds=bad, now=at(0, 10))

    [(start, end, _)] = spans(ana, ticket)
    assert end == start


@pytest.mark.postgres
def test_one_statement_writes_a_beat_with_its_access_check(ana, pat, inhouse_team, partner_team):
    ticket = case(partner_team)
    for agent in (ana, pat):
        # Whether the agent is a partner's is known before the beat (the clean-room middleware reads it).
        agent._partner_teams = list(agent.teams.filter(is_outsourced=True).values_list("pk", flat=True))
        for now in (at(0), at(0, 30), at(10)):  # open, extend, open again
            with CaptureQueriesContext(connection) as queries:
                workspan_beat(agent=agent, ticket_id=ticket.pk, seconds=30, now=now)
            assert len(queries) == 1, queries.captured_queries
    assert WorkSpan.objects.count() == 4


def test_a_partner_agent_cannot_beat_on_another_teams_case(pat, inhouse_team, partner_team):
    theirs = case(inhouse_team)
    own = case(partner_team)
    client = signed_in(pat)

    refused = client.post("/costs/beat/", {"ticket": theirs.pk, "seconds": "30"})
    accepted = client.post("/costs/beat/", {"ticket": own.pk, "seconds": "30"})

    assert refused.status_code == 404
    assert accepted.status_code == 204
    assert list(WorkSpan.objects.values_list("ticket_id", flat=True)) == [own.pk]


def test_an_in_house_agent_beats_on_any_case(ana, inhouse_team, partner_team):
    client = signed_in(ana)
    for team in (inhouse_team, partner_team):
        assert client.post("/costs/beat/", {"ticket": case(team).pk, "seconds": "5"}).status_code == 204
    assert WorkSpan.objects.filter(agent=ana).count() == 2


@pytest.mark.parametrize(
    "body", [{}, {"ticket": "HD-1"}, {"ticket": "٣"}, {"ticket": "1", "seconds": "9" * 20}]
)
def test_a_beat_without_a_case_id_is_refused_with_a_400(ana, body):
    assert signed_in(ana).post("/costs/beat/", body).status_code == 400
    assert not WorkSpan.objects.exists()


def test_a_beat_for_a_case_that_does_not_exist_is_a_404(ana):
    assert signed_in(ana).post("/costs/beat/", {"ticket": "999999", "seconds": "5"}).status_code == 404


@pytest.mark.postgres
def test_the_heartbeat_endpoint_runs_a_fixed_number_of_statements(
    ana, inhouse_team, django_assert_num_queries
):
    ticket = case(inhouse_team)
    client = signed_in(ana)
    client.post("/costs/beat/", {"ticket": ticket.pk, "seconds": "0"})  # warm the session
    with time_machine.travel(at(0), tick=False), CaptureQueriesContext(connection) as first:
        assert client.post("/costs/beat/", {"ticket": ticket.pk, "seconds": "30"}).status_code == 204
    with time_machine.travel(at(0, 30), tick=False), CaptureQueriesContext(connection) as second:
        assert client.post("/costs/beat/", {"ticket": ticket.pk, "seconds": "30"}).status_code == 204
    assert len(first) == len(second) == BEAT_REQUEST_STATEMENTS, second.captured_queries
    writes = [q["sql"] for q in second.captured_queries if "costs_workspan" in q["sql"]]
    assert len(writes) == 1
