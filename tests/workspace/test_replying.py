import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from casework.services import ticket_set_status
from intake.pipeline import customer_message_add
from tickets.models import EntryKind, Status

pytestmark = pytest.mark.django_db


def _post(client: Client, ticket, **data):
    data.setdefault("kind", EntryKind.AGENT_REPLY)
    return client.post(reverse("tickets:entry-create", args=[ticket.pk]), data)


def test_a_reply_reaches_the_timeline_and_stamps_the_first_response(agent_client: Client, ticket, agent):
    response = _post(agent_client, ticket, body="We are checking the blockchain.")
    assert response.status_code == 302
    assert response["Location"].endswith("#latest")
    ticket.refresh_from_db()
    entry = ticket.entries.get(kind=EntryKind.AGENT_REPLY)
    assert entry.author == agent
    assert ticket.first_response_at == entry.created_at
    assert ticket.status == Status.OPEN
    assert AuditEvent.objects.filter(action="ticket.replied", actor=agent).exists()


def test_a_reply_can_set_the_status_in_the_same_step(agent_client: Client, ticket):
    _post(agent_client, ticket, body="Send us the transaction hash, please.", status=Status.PENDING)
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING


def test_an_internal_note_stays_internal_and_keeps_the_status(agent_client: Client, ticket):
    _post(agent_client, ticket, kind=EntryKind.INTERNAL_NOTE, body="Looks like a phishing victim.")
    ticket.refresh_from_db()
    assert ticket.entries.filter(kind=EntryKind.INTERNAL_NOTE).count() == 1
    assert ticket.first_response_at is None
    assert ticket.status == Status.NEW


def test_a_note_that_asks_for_a_status_change_is_refused(agent_client: Client, ticket):
    response = _post(agent_client, ticket, kind=EntryKind.INTERNAL_NOTE, body="x", status=Status.SOLVED)
    assert response.status_code == 400
    assert ticket.entries.filter(kind=EntryKind.INTERNAL_NOTE).count() == 0


def test_an_empty_reply_is_refused_and_the_page_explains(agent_client: Client, ticket):
    response = _post(agent_client, ticket, body="")
    assert response.status_code == 400
    assert response.context["entry_form"].errors["body"]
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()


def test_a_reply_the_domain_refuses_keeps_the_draft_and_shows_why(agent_client: Client, ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    response = _post(agent_client, ticket, body="Also, please rotate your API keys.", status=Status.ON_HOLD)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Also, please rotate your API keys." in page
    assert response.context["entry_form"].non_field_errors() or response.context["entry_form"].errors
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()


def test_closed_tickets_take_notes_but_no_replies(agent_client: Client, ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    refused = _post(agent_client, ticket, body="Hello again")
    assert refused.status_code == 400
    _post(
        agent_client,
        ticket,
        kind=EntryKind.INTERNAL_NOTE,
        body="Customer called; told them to open a new one.",
    )
    assert list(ticket.entries.exclude(kind=EntryKind.SYSTEM_EVENT).values_list("kind", flat=True)) == [
        EntryKind.CUSTOMER_MESSAGE,
        EntryKind.INTERNAL_NOTE,
    ]


def test_a_reply_written_while_the_customer_wrote_again_waits_for_a_second_look(agent_client: Client, ticket):
    seen = ticket.entries.latest("pk").pk
    customer_message_add(ticket=ticket, body="Never mind, it arrived!")

    first = _post(agent_client, ticket, body="We escalated it to the wallet team.", seen=seen)
    # A conflict, not a bad form: nothing was wrong with the reply but its timing (docs/collision.md).
    assert first.status_code == 409
    page = first.content.decode()
    assert "Never mind, it arrived!" in page
    assert "New messages arrived while you were writing" in page
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()

    resent = _post(
        agent_client, ticket, body="Glad it arrived!", seen=first.context["entry_form"].data["seen"]
    )
    assert resent.status_code == 302
    assert ticket.entries.filter(kind=EntryKind.AGENT_REPLY).count() == 1


def test_attachments_are_stored_with_the_reply_and_served_to_agents_only(
    agent_client: Client, partner_client: Client, ticket
):
    receipt = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    response = agent_client.post(
        reverse("tickets:entry-create", args=[ticket.pk]),
        {"kind": EntryKind.AGENT_REPLY, "body": "Receipt attached.", "attachments": [receipt]},
    )
    assert response.status_code == 302
    attachment = ticket.entries.get(kind=EntryKind.AGENT_REPLY).attachments.get()
    url = reverse("tickets:attachment-download", args=[attachment.pk])

    download = agent_client.get(url)
    assert download.status_code == 200
    assert download.getvalue() == b"%PDF-1.4 receipt"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert partner_client.get(url).status_code == 404


def test_a_file_that_lies_about_its_type_is_refused_and_nothing_is_posted(agent_client: Client, ticket):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png", content_type="image/png")
    response = agent_client.post(
        reverse("tickets:entry-create", args=[ticket.pk]),
        {"kind": EntryKind.AGENT_REPLY, "body": "See photo", "attachments": [fake]},
    )
    assert response.status_code == 400
    assert "content does not match its type" in response.content.decode()
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()
