from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casework.services import ticket_set_status, ticket_transfer
from tests.factories import make_team, make_ticket
from tests.routing.conftest import member
from tickets.models import EntryKind, Status

pytestmark = pytest.mark.django_db


def _page(client: Client, ticket: Any) -> str:
    return client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()


def test_the_ticket_page_offers_every_team_to_transfer_to(
    agent_client: Client, general_team: Any, wallets_team: Any
) -> None:
    ticket = make_ticket(team=general_team)
    page = _page(agent_client, ticket)
    form = page.split(reverse("tickets:ticket-properties", args=[ticket.pk]), 1)[1].split("</form>", 1)[0]
    assert f'<option value="{general_team.pk}" selected>General (Tier 1 - general support)</option>' in form
    assert f'<option value="{wallets_team.pk}">Wallets (Tier 2 - specialists)</option>' in form


def test_transferring_moves_the_ticket_and_the_timeline_says_so_with_the_note(
    agent_client: Client, agent: Any, general_team: Any, wallets_team: Any
) -> None:
    ticket = make_ticket(team=general_team, assignee=agent)
    response = agent_client.post(
        reverse("tickets:ticket-properties", args=[ticket.pk]),
        {"team": wallets_team.pk, "handover_note": "The deposit is stuck on-chain."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier, ticket.assignee) == (wallets_team, 2, None)
    page = _page(agent_client, ticket)
    assert "Ticket updated." in page
    assert "Alice Agent</strong> transferred the ticket to Wallets" in page
    assert "The deposit is stuck on-chain." in page
    assert ticket.entries.filter(kind=EntryKind.INTERNAL_NOTE, body="The deposit is stuck on-chain.").exists()


def test_a_transfer_the_domain_refuses_shows_why_and_keeps_the_note(
    agent_client: Client, agent: Any, general_team: Any, wallets_team: Any
) -> None:
    ticket = make_ticket(team=general_team, assignee=agent)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = agent_client.post(
        reverse("tickets:ticket-properties", args=[ticket.pk]),
        {"team": wallets_team.pk, "handover_note": "Kept"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "a closed ticket cannot be transferred" in page
    assert "Kept</textarea>" in page
    assert not ticket.entries.filter(data__event="transferred").exists()


def test_a_transfer_needs_a_team(agent_client: Client, general_team: Any) -> None:
    ticket = make_ticket(team=general_team)
    response = agent_client.post(
        reverse("tickets:ticket-properties", args=[ticket.pk]), {"team": "", "initial-team": general_team.pk}
    )
    assert response.status_code == 400
    assert "A ticket always belongs to a team" in response.content.decode()


def test_a_closed_ticket_shows_its_properties_without_a_way_to_change_them(
    agent_client: Client, agent: Any, general_team: Any
) -> None:
    ticket = make_ticket(team=general_team, assignee=agent)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    page = _page(agent_client, ticket)
    panel = page.split(reverse("tickets:ticket-properties", args=[ticket.pk]), 1)[1].split("</form>", 1)[0]
    assert "<fieldset disabled>" in panel
    assert 'type="submit"' not in panel


def test_a_partner_agent_who_hands_a_case_away_lands_on_the_queue(general_team: Any) -> None:
    partner = make_team(name="Partner BPO", slug="partner", is_outsourced=True)
    pat = member(partner, "pat")
    client = Client()
    client.force_login(pat)
    ticket = make_ticket(team=partner)
    response = client.post(reverse("tickets:ticket-properties", args=[ticket.pk]), {"team": general_team.pk})
    assert response["Location"] == reverse("tickets:queue")
    ticket.refresh_from_db()
    assert ticket.team == general_team


def test_an_overflow_reads_as_a_sentence_on_the_timeline(
    agent_client: Client, general_team: Any, wallets_team: Any
) -> None:
    ticket = make_ticket(team=general_team)
    ticket_transfer(ticket=ticket, actor=None, team=wallets_team, event="overflowed")
    page = _page(agent_client, ticket)
    assert (
        "System</strong> moved the ticket to Wallets, on shift, as nobody was free within the wait target"
        in page
    )
