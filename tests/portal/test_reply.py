"""A reply from the portal takes the customer-message path email and chat take: it lands on the
timeline, reopens a solved ticket, has secrets taken out, carries files within the core's limits."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import make_agent
from tickets.models import Attachment, EntryKind, Status, Ticket
from tickets.services import ticket_set_status

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_reply_lands_on_the_timeline_as_the_customers_message(portal: Client, ticket: Ticket) -> None:
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "Any news on this?"})
    assert response.status_code == 302 and "sent=1" in response["Location"]
    entry = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).latest("id")
    assert entry.body == "Any news on this?"
    assert entry.customer_id == ticket.customer_id and entry.author_id is None
    assert entry.channel == "web" and entry.data.get("via") == "portal"
    assert "Any news on this?" in portal.get(response["Location"]).content.decode()


def test_a_reply_reopens_a_solved_ticket_as_an_email_reply_would(portal: Client, ticket: Ticket) -> None:
    ticket_set_status(ticket=ticket, actor=make_agent(), status=Status.SOLVED)
    portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "It happened again."})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.reopen_count == 1
    assert ticket.entries.filter(data__event="reopened").exists()


def test_a_closed_ticket_takes_no_reply(portal: Client, ticket: Ticket) -> None:
    agent = make_agent()
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    before = ticket.entries.count()
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "Hello?"})
    assert response.status_code == 409
    assert ticket.entries.count() == before
    assert 'name="body"' not in portal.get(f"/portal/tickets/{ticket.pk}/").content.decode()


def test_an_empty_reply_is_refused_with_a_message(portal: Client, ticket: Ticket) -> None:
    before = ticket.entries.count()
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "   "})
    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()
    assert ticket.entries.count() == before


def test_a_pasted_secret_is_taken_out_and_the_customer_warned(portal: Client, ticket: Ticket) -> None:
    seed = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": f"My seed phrase is {seed}"})
    entry = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).latest("id")
    assert "abandon ability" not in entry.body
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_replies_are_rate_limited(portal: Client, ticket: Ticket, monkeypatch: Any) -> None:
    monkeypatch.setattr("portal.views.REPLIES_PER_WINDOW", 2)
    for n in range(2):
        assert portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": f"n{n}"}).status_code == 302
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "n3"})
    assert response.status_code == 429
    assert not ticket.entries.filter(body="n3").exists()


def test_the_reply_form_needs_the_csrf_token(portal: Client, ticket: Ticket) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = portal.cookies
    assert strict.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "forged"}).status_code == 403
    assert not ticket.entries.filter(body="forged").exists()


def test_a_file_goes_through_the_attachment_path_and_downloads_for_its_customer(
    portal: Client, ticket: Ticket
) -> None:
    upload = SimpleUploadedFile("screen.png", PNG, content_type="image/png")
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "", "files": [upload]})
    assert response.status_code == 302
    attachment = Attachment.objects.get(entry__ticket=ticket, filename="screen.png")
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    page = portal.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert f"/portal/files/{attachment.pk}/" in page
    download = portal.get(f"/portal/files/{attachment.pk}/")
    assert download.status_code == 200
    assert download.getvalue() == PNG
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_file_over_the_size_limit_is_refused(portal: Client, ticket: Ticket, settings: Any) -> None:
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1), content_type="text/plain")
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "see file", "files": [upload]})
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert not Attachment.objects.filter(entry__ticket=ticket).exists()
    assert not ticket.entries.filter(body="see file").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tool.exe", b"MZ\x90\x00"),
        ("photo.png", b"MZ\x90\x00 not a png"),
        ("page.html", b"<script></script>"),
    ],
)
def test_a_file_of_a_refused_type_is_refused(
    portal: Client, ticket: Ticket, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "file", "files": [upload]})
    assert response.status_code == 415
    assert "This type of file is not accepted." in response.content.decode()
    assert not Attachment.objects.filter(entry__ticket=ticket).exists()


def test_too_many_files_are_refused(portal: Client, ticket: Ticket, settings: Any) -> None:
    settings.HELPDESK_ATTACHMENTS_PER_ENTRY = 2
    files = [SimpleUploadedFile(f"n{n}.txt", b"x", content_type="text/plain") for n in range(3)]
    response = portal.post(f"/portal/tickets/{ticket.pk}/reply/", {"body": "files", "files": files})
    assert response.status_code == 400
    assert not Attachment.objects.filter(entry__ticket=ticket).exists()
