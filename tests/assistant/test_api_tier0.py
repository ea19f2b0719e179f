# ruff: noqa: F811 - the fixtures are imported from the modules that define them
"""Tier 0 on the API and the help center's web form: an answer is a public reply by the assistant on
the ticket (the integration reads it in the ticket's entries) and the case waits on the customer; a
hand-off posts who will answer and when only to a customer with an email address to receive it, and
the timeline records the decision either way. An integration's customer of the exchange is vouched
for (tier 0 may use the account's data); an anonymous one is not."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assistant.delivery import BOT_USERNAME
from assistant.models import Assessment
from tests.assistant.tier0_fakes import ANSWER, NOTICE, handoff, tier0  # noqa: F401
from tests.factories import CustomerFactory, make_agent
from tickets.models import EntryKind, Status, Ticket

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def client() -> APIClient:
    api = APIClient()
    api.force_authenticate(make_agent(username="integration"))
    return api


def open_by_api(client: APIClient, customer: Any, body: str = "How do I turn on 2FA?") -> Ticket:
    response = client.post(
        "/api/tickets/",
        {"customer_external_id": customer.external_id, "subject": "2FA", "body": body},
        format="json",
    )
    assert response.status_code == 201, response.content
    return Ticket.objects.get(pk=response.json()["id"])


def entries(client: APIClient, ticket: Ticket) -> list[dict[str, Any]]:
    response = client.get(f"/api/tickets/{ticket.pk}/entries/")
    assert response.status_code == 200
    return list(response.json()["results"])


def test_an_answer_on_the_api_is_a_public_reply_by_the_assistant_and_the_case_waits_on_the_customer(
    tier0, client
):
    customer = CustomerFactory(external_id="u-1001", email="ana@mail.example")
    ticket = open_by_api(client, customer)

    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    replies = [e for e in entries(client, ticket) if e["kind"] == EntryKind.AGENT_REPLY]
    assert [r["body"] for r in replies] == [ANSWER]
    reply = ticket.entries.get(kind=EntryKind.AGENT_REPLY)
    assert reply.author is not None and reply.author.username == BOT_USERNAME
    assert Assessment.objects.get(ticket=ticket).reply_entry_id == reply.pk
    # The exchange vouches for an integration's customer: tier 0 may read their account's data.
    assert tier0.contexts[-1].channel == "api"
    assert tier0.contexts[-1].external_id == "u-1001"


def test_a_handoff_on_the_api_tells_a_customer_with_an_email_who_will_answer(tier0, client):
    tier0.says(handoff())
    ticket = open_by_api(client, CustomerFactory(email="ana@mail.example"), body="I was hacked")

    [reply] = ticket.entries.filter(kind=EntryKind.AGENT_REPLY)
    assert reply.body == NOTICE
    ticket.refresh_from_db()
    assert ticket.status != Status.PENDING
    # The notice answers nothing: a person's reply will be the first response.
    assert ticket.first_response_at is None


def test_a_handoff_for_a_customer_without_an_email_sends_nothing_but_is_on_the_timeline(tier0, client):
    tier0.says(handoff())
    ticket = open_by_api(client, CustomerFactory(email=""), body="I was hacked")

    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()
    [assessed] = ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event="tier0_assessed")
    assert assessed.data["decision"] == "handoff"
    assert assessed.data["why"] == "security intent"


def test_the_help_center_form_gets_tier0s_answer_as_a_public_reply(tier0, settings):
    settings.KB_CONTACTS_PER_ADDRESS = 100
    response = Client().post(
        "/help/en/contact/",
        {"name": "Ana", "email": "ana@mail.example", "subject": "2FA", "message": "How do I turn on 2FA?"},
    )

    assert response.status_code == 200
    ticket = Ticket.objects.get(customer__email="ana@mail.example")
    assert ticket.channel == "web"
    [reply] = ticket.entries.filter(kind=EntryKind.AGENT_REPLY)
    assert reply.body == ANSWER
    assert ticket.status == Status.PENDING
    # A web form's writer is not vouched for: tier 0 never shows account data to them.
    assert tier0.contexts[-1].external_id is None
