import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.models import VipLevel
from routing.models import AgentStatus, Holiday, Shift
from tests.factories import make_customer, make_team, make_ticket
from tests.routing.conftest import member
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db

BOARD = reverse("routing:supervisor")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def supervisor_client(supervisor: Any) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}".*?</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return match.group(0)


def _cell(row: str, css: str) -> str:
    """The cell's text, tags dropped and spaces collapsed."""
    match = re.search(rf'<td class="{css}">(.*?)</td>', row, re.S)
    assert match, f"no cell {css}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _off_shift_now(team: Any) -> None:
    """One short shift on another weekday: the team is off shift whatever the time now."""
    other_day = (timezone.now().weekday() + 3) % 7
    Shift.objects.create(team=team, weekday=other_day, start=dt.time(9), end=dt.time(10))


def test_the_board_counts_each_teams_waiting_cases_oldest_wait_and_vips(
    supervisor_client: Client, wallets_team: Any, general_team: Any
) -> None:
    vip = make_customer(vip_level=VipLevel.VIP2)
    oldest = make_ticket(team=wallets_team)
    make_ticket(team=wallets_team, customer=vip)
    make_ticket(team=wallets_team)
    make_ticket(team=general_team)
    holder = member(wallets_team, "holder")
    make_ticket(team=wallets_team, assignee=holder)  # taken: not waiting
    Ticket.objects.filter(pk=oldest.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=25, seconds=30)
    )
    _off_shift_now(general_team)

    html = supervisor_client.get(BOARD).content.decode()

    wallets = _row(html, "team-wallets")
    assert _cell(wallets, "num waiting") == "3"
    assert _cell(wallets, "num oldest") == "25 min"
    assert _cell(wallets, "num vip") == "1"
    assert "On shift" in wallets
    general = _row(html, "team-general")
    assert _cell(general, "num waiting") == "1"
    assert _cell(general, "num vip") == "0"
    assert "Off shift" in general


def test_the_chart_draws_each_teams_waiting_cases_against_the_longest_queue(
    supervisor_client: Client, wallets_team: Any, general_team: Any
) -> None:
    for _ in range(3):
        make_ticket(team=wallets_team)
    make_ticket(team=general_team)

    html = supervisor_client.get(BOARD).content.decode()
    chart = html.split('<ol class="bars">', 1)[1].split("</ol>", 1)[0]
    bars = re.findall(r'data-fill="(\d+)".*?data-team="([\w-]+)">(\d+)', chart, re.S)
    # Teams in tier order: general (tier 1) first, then wallets (tier 2).
    assert bars == [("33", "general", "1"), ("100", "wallets", "3")]


def test_load_counts_what_online_agents_hold_against_their_capacity(
    supervisor_client: Client, wallets_team: Any
) -> None:
    busy = member(wallets_team, "busy")
    away = member(wallets_team, "gone")
    AgentStatus.objects.filter(user=away).update(last_seen_at=timezone.now() - dt.timedelta(minutes=10))
    make_ticket(team=wallets_team, assignee=busy, channel=Channel.CHAT)
    make_ticket(team=wallets_team, assignee=busy, channel=Channel.CHAT)
    make_ticket(team=wallets_team, assignee=busy, channel=Channel.EMAIL)
    make_ticket(team=wallets_team, assignee=away, channel=Channel.EMAIL)

    html = supervisor_client.get(BOARD).content.decode()

    team = _row(html, "team-wallets")
    assert _cell(team, "num online") == "1 / 2"
    assert _cell(team, "load chats") == "2 / 2"
    assert _cell(team, "load tickets") == "1 / 3"
    busy_row = _row(html, f"agent-{busy.pk}")
    assert "Online" in busy_row
    assert _cell(busy_row, "load chats") == "2 / 2"
    assert 'class="gauge full"' in busy_row
    assert "Wallets" in busy_row
    # The row still says online, but the heartbeat stopped ten minutes ago.
    gone_row = _row(html, f"agent-{away.pk}")
    assert "Offline" in gone_row
    assert _cell(gone_row, "load tickets") == "1 / 3"
    assert "Never" in gone_row


def test_the_board_refreshes_itself_only_while_the_tab_is_visible(supervisor_client: Client) -> None:
    html = supervisor_client.get(BOARD).content.decode()
    assert f'hx-get="{BOARD}"' in html
    # workspace.js skips the polls of data-poll-when-visible parts while the tab is hidden.
    assert 'hx-trigger="every 5s, visible-again from:document" data-poll-when-visible' in html


def test_the_poll_gets_the_board_alone(supervisor_client: Client, wallets_team: Any) -> None:
    make_ticket(team=wallets_team)
    response = supervisor_client.get(BOARD, headers=HTMX)
    html = response.content.decode()
    assert 'id="routing-board"' in html
    assert "<html" not in html
    assert _cell(_row(html, "team-wallets"), "num waiting") == "1"
    assert "HX-Request" in response["Vary"]


def _busy_floor(teams: int) -> None:
    for n in range(teams):
        team = make_team(name=f"Team {n}", slug=f"team-{n}")
        Shift.objects.create(team=team, weekday=0, start=dt.time(8), end=dt.time(20))
        Holiday.objects.create(team=team, date=dt.date(2030, 1, 1))
        online = member(team, f"on-{n}")
        member(team, f"off-{n}", online=False)
        make_ticket(team=team)
        make_ticket(team=team, customer=make_customer(vip_level=VipLevel.VIP1))
        make_ticket(team=team, assignee=online)


@pytest.mark.parametrize("teams", [2, 8])
def test_the_board_takes_the_same_queries_for_two_teams_or_eight(
    supervisor_client: Client, django_assert_num_queries: Any, teams: int
) -> None:
    _busy_floor(teams)
    # Session, user; teams, their shifts, their holidays; the backlog; agents, their teams, their load;
    # the approvals waiting.
    with django_assert_num_queries(10):
        response = supervisor_client.get(BOARD, headers=HTMX)
    assert len(response.context["board"].teams) == teams
    assert len(response.context["board"].agents) == 2 * teams
    # The full page adds the top bar's own presence look-up.
    with django_assert_num_queries(11):
        supervisor_client.get(BOARD)


def test_cases_routing_found_no_team_for_are_counted_apart(supervisor_client: Client) -> None:
    make_ticket()  # no team is set up at all
    html = supervisor_client.get(BOARD).content.decode()
    row = re.search(r'<tr class="teamless">.*?</tr>', html, re.S)
    assert row
    assert _cell(row.group(0), "num waiting") == "1"
