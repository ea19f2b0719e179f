"""The risk banner on the ticket page and beside a chat in the console: level, score, every fact with
its source and time, what could not be checked; the script when high; contact data always masked."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from approvals.models import RiskAssessment, RiskLevel, RiskTrigger
from livechat.services import chat_start
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tests.routing.conftest import make_online

pytestmark = pytest.mark.django_db

SCRIPT = "Call back only the phone number registered on the exchange."


def _assess(ticket: Any, level: str, score: int) -> RiskAssessment:
    now = timezone.now()
    facts = [
        {
            "source": "exchange",
            "code": "2fa_changed",
            "label": "Two-factor authentication was changed or reset",
            "detail": "Authenticator reset from 102.89.34.17",
            "weight": 35,
            "at": now.isoformat(),
        },
        {
            "source": "contact",
            "code": "sender_mismatch",
            "label": "The email came from an address other than the account's",
            "detail": "mallory@evil.example (account: ana@mail.example)",
            "weight": 25,
            "at": None,
        },
    ]
    return RiskAssessment.objects.create(
        ticket=ticket,
        trigger=RiskTrigger.MESSAGE,
        level=level,
        score=score,
        facts=facts,
        gaps=["the account's state could not be read: timeout"],
        created_at=now,
    )


def _page(client: Client, ticket: Any) -> str:
    response = client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_ticket_page_shows_every_fact_with_its_source_and_the_gaps_masked(agent_client: Client) -> None:
    ticket = make_ticket()
    _assess(ticket, RiskLevel.MEDIUM, 60 - 1)

    page = _page(agent_client, ticket)

    assert 'data-risk-level="medium"' in page and "(59/100)" in page
    assert 'data-fact="2fa_changed"' in page and 'data-fact="sender_mismatch"' in page
    assert page.index('data-fact="2fa_changed"') < page.index('data-fact="sender_mismatch"')
    assert "Two-factor authentication was changed or reset" in page
    assert ">Exchange<" in page and ">Contact<" in page
    assert "<time datetime=" in page
    assert "the account&#x27;s state could not be read: timeout" in page
    # Addresses and IPs masked, whoever looks.
    assert "mallory@evil.example" not in page and "102.89.34.17" not in page
    assert "m•••@evil.example" in page and "102.89.•.•" in page
    assert SCRIPT not in page


def test_a_high_risk_shows_the_script_agents_follow(agent_client: Client) -> None:
    ticket = make_ticket()
    _assess(ticket, RiskLevel.HIGH, 80)

    page = _page(agent_client, ticket)

    assert 'data-risk-level="high"' in page and 'role="alert"' in page
    assert SCRIPT in page
    assert "Never accept codes, screenshots or documents" in page


def test_a_case_never_assessed_shows_no_banner(agent_client: Client) -> None:
    assert 'id="risk-banner"' not in _page(agent_client, make_ticket())


def test_the_chat_consoles_side_panel_shows_the_banner(agent: Any) -> None:
    team = make_team(name="General", slug="general", languages=["en"], chat_capacity=3)
    TeamMembershipFactory(team=team, user=agent)
    make_online(agent)
    conversation = chat_start(topic="other", message="hello")
    _assess(conversation.ticket, RiskLevel.HIGH, 90)
    client = Client()
    client.force_login(agent)

    page = client.get(reverse("livechat:conversation-context", args=[conversation.pk])).content.decode()

    assert 'data-risk-level="high"' in page and SCRIPT in page


def test_a_partner_agent_sees_the_banner_masked_too() -> None:
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    ticket = make_ticket(team=partner_team)
    _assess(ticket, RiskLevel.HIGH, 90)
    client = Client()
    client.force_login(partner)

    page = _page(client, ticket)

    assert SCRIPT in page
    assert "mallory@evil.example" not in page and "m•••@evil.example" in page
