"""Every case lands in a team: a language nobody speaks goes to the default team, with the reason."""

import json
from typing import Any

import pytest
from django.test import Client

from livechat.models import Conversation
from routing.models import RoutingRule, Team
from routing.services import team_save
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tests.routing.conftest import api_as, member
from tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(db: None) -> dict[str, Team]:
    """Tier 1 speaks English and Spanish; nobody speaks Japanese or Italian."""
    english = make_team(name="General EN", slug="general-en", tier=1, languages=["en"], is_default=True)
    spanish = make_team(name="General ES", slug="general-es", tier=1, languages=["es"])
    member(english, "emma")
    member(spanish, "lucia")
    return {"en": english, "es": spanish}


def _open_by_api(agent: Any, language: str, **extra: Any) -> dict[str, Any]:
    customer = make_customer(language=language)
    response = api_as(agent).post(
        "/api/tickets/",
        {
            "customer_external_id": customer.external_id,
            "subject": "Cannot log in",
            "body": "…",
            "category": "fees",
            **extra,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


@pytest.mark.parametrize("language", ["ja", "it"])
def test_a_ticket_in_a_language_nobody_speaks_goes_to_the_default_team_and_says_why(teams, language):
    agent = make_agent(username="api-agent")
    body = _open_by_api(agent, language)
    assert body["team"]["id"] == teams["en"].pk
    reason = f"nobody at tier 1 speaks {language}: sent to the default team, General EN"
    assert reason in body["routing"]["reasons"]

    # The agents see the reason on the ticket page, and the case is on the team's board.
    client = Client()
    client.force_login(teams["en"].members.get())
    page = client.get(f"/tickets/{body['id']}/").content.decode()
    assert reason in page
    assert Ticket.objects.filter(team=teams["en"], pk=body["id"]).exists()


def test_without_a_default_team_a_language_nobody_speaks_still_lands_in_a_team_of_its_tier(teams):
    Team.objects.update(is_default=False)
    body = _open_by_api(make_agent(username="api-agent"), "ja")
    assert body["team"]["id"] in {teams["en"].pk, teams["es"].pk}
    assert any("nobody at tier 1 speaks ja" in r for r in body["routing"]["reasons"])


def test_a_rule_naming_a_team_that_is_gone_falls_back_to_a_team_rather_than_none(teams):
    RoutingRule.objects.create(position=1, name="old", conditions=[], actions={"team": "disbanded"})
    body = _open_by_api(make_agent(username="api-agent"), "ja")
    assert body["team"]["id"] == teams["en"].pk
    assert "team disbanded no longer exists; chose by tier and skill" in body["routing"]["reasons"]


def _start_chat(language: str) -> Conversation:
    body = {"topic": "other", "language": language, "name": "Yui", "message": "こんにちは"}
    response = Client().post("/chat/api/start/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return Conversation.objects.select_related("ticket").get(pk=response.json()["conversation"])


def test_a_chat_in_a_language_nobody_speaks_goes_to_the_default_team_with_the_reason(teams):
    ticket = _start_chat("ja").ticket
    assert ticket.team == teams["en"]
    assert "nobody at tier 1 speaks ja: sent to the default team, General EN" in ticket.routing["reasons"]


def test_a_team_with_no_members_is_never_where_a_chat_lands(teams):
    # An empty team that speaks every language, and an empty default: both would strand a chat.
    make_team(name="Aaa Everyone", slug="everyone", tier=1, languages=[])
    teams["en"].memberships.all().delete()
    ticket = _start_chat("ja").ticket
    assert ticket.team == teams["es"]
    assert ticket.team is not None and ticket.team.memberships.exists()


def test_a_specialist_case_nobody_at_its_tier_speaks_stays_with_the_specialists(teams):
    wallets = make_team(name="Wallets", slug="wallets", tier=2, skills=["wallets"], languages=["en"])
    RoutingRule.objects.create(position=1, name="specialists", conditions=[], actions={"tier": 2})
    ticket = make_ticket(
        customer=make_customer(language="ja"),
        category=Category.WITHDRAWAL,
        body="出金がまだ届いていません。確認していただけますか。",
    )
    assert ticket.team == wallets
    assert "nobody at tier 2 speaks ja: sent to Wallets by tier and skill" in ticket.routing["reasons"]


def test_marking_a_default_team_unmarks_the_one_before(teams):
    admin = make_agent(username="ada", role="admin")
    team_save(actor=admin, team=teams["es"], fields={"is_default": True})
    assert list(Team.objects.filter(is_default=True)) == [teams["es"]]


def test_the_default_team_is_set_through_the_api(teams):
    admin = make_agent(username="ada", role="admin")
    response = api_as(admin).patch(
        f"/api/routing/teams/{teams['es'].pk}/", {"is_default": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_default"] is True
    assert list(Team.objects.filter(is_default=True)) == [teams["es"]]


def test_a_ticket_cannot_be_taken_out_of_every_team_from_the_page(teams):
    ticket = make_ticket(category=Category.FEES)
    agent = teams["en"].members.get()
    client = Client()
    client.force_login(agent)
    response = client.post(f"/tickets/{ticket.pk}/properties/", {"team": "", "initial-team": ticket.team_id})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.team == teams["en"]


def test_a_team_without_members_cannot_be_made_the_default(teams):
    admin = make_agent(username="ada", role="admin")
    empty = make_team(name="Nobody", slug="nobody", tier=1)
    response = api_as(admin).patch(f"/api/routing/teams/{empty.pk}/", {"is_default": True}, format="json")
    assert response.status_code == 400
    assert "needs members" in str(response.json())
    # Nor can the default team lose its last member.
    response = api_as(admin).patch(f"/api/routing/teams/{teams['en'].pk}/", {"members": []}, format="json")
    assert response.status_code == 400
    assert list(Team.objects.filter(is_default=True)) == [teams["en"]]
    assert teams["en"].memberships.exists()
