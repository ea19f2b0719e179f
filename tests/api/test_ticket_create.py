import pytest

from audit.models import AuditEvent
from tests.factories import AgentFactory, CustomerFactory, TeamFactory
from tickets.models import Attachment, EntryKind, Priority, Status, Ticket

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_agent_opens_a_ticket_for_a_customer_by_the_exchanges_id(api_client, agent, customer):
    response = api_client.post(
        "/api/tickets/",
        {
            "customer_external_id": customer.external_id,
            "subject": "Deposit not credited",
            "body": "I sent 0.5 BTC six hours ago.",
            "priority": "urgent",
            "category": "deposit",
            "tags": ["BTC", "deposit delay"],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/api/tickets/{ticket.pk}/")
    assert body["reference"] == f"HD-{ticket.pk:06d}"
    assert body["priority"] == "urgent"
    assert body["channel"] == "api"
    assert body["tags"] == ["btc", "deposit-delay"]
    assert body["customer"]["external_id"] == customer.external_id
    assert "email" not in body["customer"]
    assert ticket.priority == Priority.URGENT
    (entry,) = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE)
    assert entry.kind == EntryKind.CUSTOMER_MESSAGE
    assert entry.body == "I sent 0.5 BTC six hours ago."
    created = AuditEvent.objects.get(action="ticket.created", object_id=str(ticket.pk))
    assert created.actor == agent
    # Without a team chosen, the new case is routed and the decision explains itself.
    assert body["routed_at"] is not None
    assert body["routing"]["reasons"]


def test_a_ticket_opened_with_an_assignee_and_team_starts_open(api_client, customer):
    colleague = AgentFactory.create(username="bob")
    team = TeamFactory.create(name="Wallets", slug="wallets", tier=2)
    response = api_client.post(
        "/api/tickets/",
        {
            "customer": customer.pk,
            "subject": "Stuck ETH withdrawal",
            "body": "tx 0xabc",
            "channel": "phone",
            "team": team.pk,
            "tier": 2,
            "assignee": colleague.pk,
            "language": "de",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == Status.OPEN
    assert body["assignee"] == {"id": colleague.pk, "username": "bob", "name": "bob"}
    assert body["team"]["slug"] == "wallets"
    assert (body["tier"], body["language"], body["channel"]) == (2, "de", "phone")
    assert "solved" in body["next_statuses"]


def test_a_ticket_can_be_opened_with_attachments_in_a_multipart_request(api_client, customer):
    screenshot = ("screenshot.png", PNG, "image/png")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api_client.post(
        "/api/tickets/",
        {
            "customer": customer.pk,
            "subject": "Wrong balance",
            "body": "See the screenshot.",
            "tags": ["balance", "ui"],
            "attachments": [SimpleUploadedFile(*screenshot)],
        },
        format="multipart",
    )
    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=response.json()["id"])
    attachment = Attachment.objects.get(entry__ticket=ticket)
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "screenshot.png",
        "image/png",
        72,
    )
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["balance", "ui"]


def test_the_customer_must_be_named_once_and_exist(api_client, row_counts):
    other = CustomerFactory.create()
    before = row_counts()
    both = api_client.post(
        "/api/tickets/",
        {"customer": other.pk, "customer_external_id": other.external_id, "subject": "s", "body": "b"},
        format="json",
    )
    neither = api_client.post("/api/tickets/", {"subject": "s", "body": "b"}, format="json")
    unknown = api_client.post(
        "/api/tickets/", {"customer_external_id": "EX-NOPE", "subject": "s", "body": "b"}, format="json"
    )
    assert [r.status_code for r in (both, neither, unknown)] == [400, 400, 400]
    assert both.json()["message"] == "customer: Give either customer or customer_external_id."
    assert unknown.json()["errors"] == {"customer_external_id": ["No such customer."]}
    assert row_counts() == before
