"""/api/assistant/: a ticket's assessments as JSON (newest first, masked for partner agents) and an
agent's correction, with a 400 and a message for every bad body; both are in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from assistant.models import Example
from audit.models import AuditEvent
from tests.assistant.tier0_rows import ADDRESS, TX, assessment_row, partner_world, pending_row
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_gives_every_assessment_newest_first_with_its_reasons(api_client: APIClient, ticket):
    older = assessment_row(
        ticket, ago=dt.timedelta(hours=1), reasons=["names a fee"], mentions=[{"kind": "eth_tx", "value": TX}]
    )
    newer = pending_row(ticket)
    data = api_client.get(f"/api/assistant/tickets/{ticket.pk}/assessments/").json()
    assert [a["id"] for a in data] == [newer.pk, older.pk]
    assert data[0]["state"] == "pending" and data[0]["intent"] == "" and data[0]["correctable"] is False
    first = data[1]
    assert (first["intent"], first["group"], first["language"]) == ("fees_info", "how_to", "pt")
    assert (first["confidence"], first["threshold"], first["confident"]) == (0.71, 0.42, True)
    assert first["scores"][0] == {"intent": "fees_info", "score": 0.8} and len(first["scores"]) == 3
    assert first["reasons"] == ["names a fee"] and first["mentions"] == [{"kind": "eth_tx", "value": TX}]
    assert (first["decision"], first["why"], first["article"]) == (
        "answer",
        "article answer",
        "withdrawal-fees",
    )
    assert first["article_url"] == "/help/pt-br/articles/withdrawal-fees/"
    assert first["correctable"] is True and first["masked"] is False


def test_a_ticket_is_found_by_its_reference_too(api_client: APIClient, ticket):
    assessment_row(ticket)
    data = api_client.get(f"/api/assistant/tickets/{ticket.reference}/assessments/").json()
    assert len(data) == 1 and data[0]["ticket"] == ticket.pk


def test_a_partner_agent_gets_addresses_masked_and_no_other_teams_tickets(ticket):
    team, partner, _client = partner_world()
    theirs = TicketFactory.create(team=team)
    assessment_row(theirs, mentions=[{"kind": "eth_address", "value": ADDRESS}], reply=f"Sent to {ADDRESS}.")
    client = _api(partner)
    data = client.get(f"/api/assistant/tickets/{theirs.pk}/assessments/").json()
    assert data[0]["mentions"] == [{"kind": "eth_address", "value": "0x5290…9EE7"}]
    assert data[0]["reply"] == "Sent to 0x5290…9EE7." and data[0]["masked"] is True
    assert client.get(f"/api/assistant/tickets/{ticket.pk}/assessments/").status_code == 404


def test_a_correction_through_the_api_is_the_same_as_on_the_page(api_client: APIClient, agent, ticket):
    assessment = assessment_row(ticket, intent="fees_info")
    response = api_client.post(
        f"/api/assistant/assessments/{assessment.pk}/correction/", {"intent": "staking_info"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["intent"], body["corrected_intent"], body["corrected_by"]) == (
        "fees_info",
        "staking_info",
        agent.display_name,
    )
    assert Example.objects.get().intent == "staking_info"
    assert AuditEvent.objects.filter(action="tier0.corrected", actor=agent).count() == 1
    assert ticket.entries.filter(data__event="tier0_corrected").count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "intent", "intent: This field is required."),
        ({"intent": "get_rich"}, "intent", 'intent: "get_rich" is not a valid choice.'),
        ({"intent": ["fees_info"]}, "intent", "intent: "),
        ({"intent": "fees_info", "note": "x"}, "note", "note: Unknown field."),
    ],
)
def test_a_bad_correction_is_a_400_naming_the_field_and_writes_nothing(
    api_client, ticket, body, field, message
):
    assessment = assessment_row(ticket)
    response = api_client.post(f"/api/assistant/assessments/{assessment.pk}/correction/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"] and response.json()["message"].startswith(message)
    assert not Example.objects.exists()


def test_a_message_not_yet_read_cannot_be_corrected(api_client: APIClient, ticket):
    assessment = pending_row(ticket)
    response = api_client.post(
        f"/api/assistant/assessments/{assessment.pk}/correction/", {"intent": "fees_info"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "Tier 0 has not read this message.",
        "status": 400,
        "code": "conflict",
    }


@pytest.mark.parametrize("pk", ["0", "²", "99999999999999999999", "abc", "999999"])
def test_an_odd_or_unknown_id_is_a_404(api_client: APIClient, pk: str):
    response = api_client.post(
        f"/api/assistant/assessments/{pk}/correction/", {"intent": "fees_info"}, format="json"
    )
    assert response.status_code == 404
    assert api_client.get(f"/api/assistant/tickets/{pk}/assessments/").status_code == 404


def test_both_endpoints_are_in_the_openapi_document():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    listing = paths["/api/assistant/tickets/{ticket}/assessments/"]["get"]
    correction = paths["/api/assistant/assessments/{id}/correction/"]["post"]
    assert set(listing["responses"]) >= {"200", "401", "404"}
    assert set(correction["responses"]) >= {"200", "400", "401", "404"}
    assert "requestBody" in correction
