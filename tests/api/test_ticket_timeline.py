import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from casework.services import ticket_update
from intake.pipeline import customer_message_add
from tests.factories import TeamFactory, TicketFactory
from tickets.models import Attachment, BodyFormat, EntryKind, Status
from tickets.services import ticket_note

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 100


def test_the_timeline_lists_every_entry_oldest_first_including_internal_notes(api_client, agent, ticket):
    ticket_note(ticket=ticket, author=agent, body="Checked the node: tx is confirmed.")
    ticket_update(ticket=ticket, actor=agent, priority=4)
    response = api_client.get(f"/api/tickets/{ticket.pk}/entries/")
    assert response.status_code == 200
    entries = response.json()["results"]
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    assert entries[0]["kind"] == EntryKind.CUSTOMER_MESSAGE
    assert entries[0]["is_public"] is True
    note = next(e for e in entries if e["kind"] == EntryKind.INTERNAL_NOTE)
    assert note["author"]["username"] == "alice"
    assert note["is_public"] is False
    assert note["body_html"] == "<p>Checked the node: tx is confirmed.</p>"
    change = entries[-1]
    assert change["data"] == {"event": "priority_changed", "from": "normal", "to": "urgent"}


def test_customer_html_is_sanitised_in_body_html_and_kept_raw_in_body(api_client, ticket):
    raw = '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:x()">link</a></p>'
    customer_message_add(ticket=ticket, body=raw, body_format=BodyFormat.HTML)
    text = customer_message_add(ticket=ticket, body="<b>not markup</b>\nsecond line")
    entries = {e["id"]: e for e in api_client.get(f"/api/tickets/{ticket.pk}/entries/").json()["results"]}
    html_entry = next(e for e in entries.values() if e["body_format"] == BodyFormat.HTML)
    assert html_entry["body"] == raw
    assert "script" not in html_entry["body_html"]
    assert "onclick" not in html_entry["body_html"]
    assert "javascript" not in html_entry["body_html"]
    assert "Hi" in html_entry["body_html"]
    assert entries[text.pk]["body_html"] == "<p>&lt;b&gt;not markup&lt;/b&gt;<br>second line</p>"


def test_a_reply_that_also_sets_the_status_goes_through_the_reply_service(api_client, agent, ticket):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "reply", "body": "Could you send the transaction hash?", "status": "pending"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == EntryKind.AGENT_REPLY
    assert response.json()["author"]["id"] == agent.pk
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.first_response_at is not None
    actions = list(
        AuditEvent.objects.filter(object_id=str(ticket.pk), actor=agent)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["ticket.replied", "ticket.status_changed"]


def test_a_note_can_put_the_ticket_on_hold_in_the_same_request(api_client, ticket):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "note", "body": "Waiting for the compliance team.", "status": "on_hold"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["is_public"] is False
    ticket.refresh_from_db()
    assert ticket.status == Status.ON_HOLD


def test_a_relayed_customer_message_reopens_a_pending_ticket(api_client, agent, ticket):
    api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "reply", "body": "Hash?", "status": "pending"},
        format="json",
    )
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "customer_message", "body": "Called in: the hash is 0xabc.", "channel": "phone"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["channel"] == "phone"
    assert response.json()["customer"] == ticket.customer_id
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_attachments_upload_with_an_entry_and_download_with_the_same_credentials(api_client, ticket):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {
            "kind": "reply",
            "body": "Our statement is attached.",
            "attachments": [
                SimpleUploadedFile("statement.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("notes.txt", b"line one\n", "text/plain"),
            ],
        },
        format="multipart",
    )
    assert response.status_code == 201
    attachments = response.json()["attachments"]
    assert [(a["name"], a["content_type"], a["size"]) for a in attachments] == [
        ("statement.pdf", "application/pdf", len(PDF)),
        ("notes.txt", "text/plain", 9),
    ]
    pdf = Attachment.objects.get(filename="statement.pdf")
    assert attachments[0]["url"] == f"http://testserver/api/attachments/{pdf.pk}/"

    download = api_client.get(attachments[0]["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="statement.pdf"'
    assert b"".join(download.streaming_content) == PDF


def test_an_attachment_on_a_ticket_out_of_sight_is_not_found(partner_client, api_client, customer):
    hidden = TicketFactory.create(customer=customer, team=TeamFactory.create(name="In-house"))
    api_client.post(
        f"/api/tickets/{hidden.pk}/entries/",
        {
            "kind": "note",
            "body": "see file",
            "attachments": [SimpleUploadedFile("a.txt", b"x", "text/plain")],
        },
        format="multipart",
    )
    attachment = Attachment.objects.get()
    assert api_client.get(f"/api/attachments/{attachment.pk}/").status_code == 200
    response = partner_client.get(f"/api/attachments/{attachment.pk}/")
    assert response.status_code == 404
    assert response.json()["message"] == "No such attachment"


def test_an_attachment_whose_file_is_gone_from_storage_is_a_404_not_a_crash(api_client, ticket):
    api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "note", "body": "log", "attachments": [SimpleUploadedFile("a.txt", b"x", "text/plain")]},
        format="multipart",
    )
    attachment = Attachment.objects.get()
    attachment.file.storage.delete(str(attachment.file.name))
    response = api_client.get(f"/api/attachments/{attachment.pk}/")
    assert response.status_code == 404
    assert response.json()["message"] == "The file of this attachment is missing from storage"
