"""Agents see SLA countdowns on tickets and in queues, coloured as a deadline nears and passes."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.services import ticket_reply
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tests.sla.conftest import MONDAY, make_policy

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def _rows(response) -> str:
    return response.content.decode().split('<section id="queue-results"', 1)[1]


def _sla_card(response) -> str:
    return response.content.decode().split('id="sla"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def timed_ticket():
    make_policy(first_response_target=H, resolution_target=8 * H)
    with time_machine.travel(MONDAY, tick=False):
        return make_ticket(team=make_team(), subject="Where is my BTC?")


def test_the_ticket_page_counts_down_each_target(agent_client: Client, timed_ticket):
    with time_machine.travel(MONDAY + dt.timedelta(minutes=20), tick=False):
        card = _sla_card(agent_client.get(f"/tickets/{timed_ticket.pk}/"))
    assert "Standard" in card
    assert "First response" in card and "Resolution" in card
    assert card.count("sla sla-ok") == 2
    assert "40m" in card and "7h 40m" in card
    assert 'data-sla-due="2026-03-02T11:00:00+00:00"' in card


def test_a_target_turns_amber_at_its_warning_and_red_once_overdue(agent_client: Client, timed_ticket):
    url = f"/tickets/{timed_ticket.pk}/"
    with time_machine.travel(MONDAY + dt.timedelta(minutes=50), tick=False):
        warning = _sla_card(agent_client.get(url))
    with time_machine.travel(MONDAY + dt.timedelta(minutes=70), tick=False):
        breached = _sla_card(agent_client.get(url))
    assert "sla sla-warning" in warning and "sla-breached" not in warning
    assert "sla sla-breached" in breached
    assert "\N{MINUS SIGN}10m" in breached


def test_a_met_target_says_so(agent_client: Client, agent, timed_ticket):
    with time_machine.travel(MONDAY + dt.timedelta(minutes=5), tick=False):
        ticket_reply(ticket=timed_ticket, author=agent, body="On it.")
        card = _sla_card(agent_client.get(f"/tickets/{timed_ticket.pk}/"))
    assert "sla sla-met" in card


def test_queue_rows_show_the_target_that_runs_out_first(agent_client: Client, timed_ticket):
    with time_machine.travel(MONDAY + dt.timedelta(minutes=55), tick=False):
        rows = _rows(agent_client.get("/tickets/", {"queue": "all"}))
    assert "sla sla-warning" in rows
    assert '<span class="sla-target">First response</span>' in rows
    assert "sla/countdown.js" in rows


def test_the_breaching_soon_queue_holds_tickets_past_their_warning_only(agent_client: Client, timed_ticket):
    with time_machine.travel(MONDAY + dt.timedelta(minutes=40), tick=False):
        make_ticket(team=make_team(), subject="Fresh case")
    with time_machine.travel(MONDAY + dt.timedelta(minutes=50), tick=False):
        response = agent_client.get("/tickets/", {"queue": "breaching"})
    rows = _rows(response)
    assert "Where is my BTC?" in rows
    assert "Fresh case" not in rows
    assert 'href="?queue=breaching" aria-current="page"' in response.content.decode()


def test_a_breaching_queue_page_costs_the_same_queries_for_three_rows_or_thirty(agent_client: Client):
    make_policy(first_response_target=H, resolution_target=8 * H)
    agent = make_agent(username="bob")

    def count() -> int:
        with time_machine.travel(MONDAY + 2 * H, tick=False), CaptureQueriesContext(connection) as queries:
            assert agent_client.get("/tickets/", {"queue": "breaching"}).status_code == 200
        return len(queries)

    with time_machine.travel(MONDAY, tick=False):
        for _ in range(3):
            make_ticket(team=make_team(), assignee=agent)
    few = count()
    with time_machine.travel(MONDAY, tick=False):
        for _ in range(27):
            make_ticket(customer=make_customer(), team=make_team())
    assert count() == few


def test_a_ticket_without_targets_shows_no_countdown(agent_client: Client):
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team(), subject="No policy at all")
    rows = _rows(agent_client.get("/tickets/", {"queue": "all"}))
    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "sla sla-" not in rows
    assert "No service-level targets apply to this ticket." in page
