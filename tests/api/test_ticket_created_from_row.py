"""A create's answer is read in one statement (workspace.ticket_list.ticket_created_data) and is
TicketCreatedSerializer's JSON byte for byte: the ticket as stored, its tags, the routing decision as
the caller may read it, and `redacted` when a secret was taken out of the first message."""

from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from approvals.redaction_steps import redaction_notice
from tests.factories import CustomerFactory, make_team
from tests.routing.conftest import member
from tickets.models import Ticket
from workspace.serializers import TicketDetailSerializer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WIF = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617"


def _as_drf_wrote_it(ticket_id: int, viewer: Any) -> bytes:
    ticket = Ticket.objects.for_list().get(pk=ticket_id)
    body = TicketDetailSerializer(ticket, context={"request": SimpleNamespace(user=viewer)}).data
    if notice := redaction_notice(ticket.entries.order_by("pk").first(), ticket.language):
        body["redacted"] = notice
    return JSONRenderer().render(body)


@pytest.mark.parametrize("role", ["agent", "supervisor"])
@pytest.mark.parametrize("online", [False, True])
@pytest.mark.parametrize(
    "body",
    [
        {"subject": "Pending", "body": "Still pending.", "priority": "high", "category": "withdrawal"},
        {"subject": "ウォレット", "body": f"秘密鍵は {WIF} です", "language": "ja"},
    ],
)
def test_the_answer_to_a_create_is_the_serializers(role, online, body):
    team = make_team(name="Support", slug="support", tier=1, languages=["en", "ja"])
    user = member(team, "ana", online=online)
    user.role = role
    user.save(update_fields=["role"])
    client = APIClient()
    client.force_authenticate(user)
    customer: Any = CustomerFactory(language="ja")
    response = client.post("/api/tickets/", {**body, "customer": customer.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.content == _as_drf_wrote_it(response.json()["id"], user)
    answer = response.json()
    assert ("redacted" in answer) is (WIF in body["body"])
    assert answer["routing"], "the routing decision is part of the answer"
    if WIF in body["body"]:
        assert answer["tags"], "the redaction step tags the ticket in the same transaction"


def test_a_token_and_a_session_get_the_same_create_answer(agent):
    from rest_framework.authtoken.models import Token

    customer: Any = CustomerFactory()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    response = client.post(
        "/api/tickets/", {"customer": customer.pk, "subject": "Hi", "body": "Hello"}, format="json"
    )
    assert response.status_code == 201
    assert response.content == _as_drf_wrote_it(response.json()["id"], agent)
