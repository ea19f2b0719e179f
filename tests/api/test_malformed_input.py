"""Whatever a client sends, the answer is a 4xx with a readable message, and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.services import ticket_set_status
from tickets.models import Status
from tickets.services import MAX_BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def before(ticket, row_counts):
    return row_counts()


def _refused(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["message"]
    return body


@pytest.mark.parametrize(
    "url", ["/api/tickets/", "/api/tickets/{id}/entries/", "/api/customers/by-external-id/EX-1/"]
)
def test_malformed_json_is_a_400(supervisor_client, ticket, before, row_counts, url):
    method = supervisor_client.put if "customers" in url else supervisor_client.post
    response = method(url.format(id=ticket.pk), '{"subject": "x",', content_type="application/json")
    assert _refused(response)["message"].startswith("JSON parse error")
    assert row_counts() == before


def test_a_json_body_that_is_not_an_object_is_a_400(api_client, ticket, before, row_counts):
    response = api_client.post(f"/api/tickets/{ticket.pk}/entries/", ["reply"], format="json")
    assert _refused(response)["message"] == "Invalid data. Expected a dictionary, but got list."
    assert row_counts() == before


def test_an_unsupported_content_type_is_a_415(api_client, ticket, before, row_counts):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/", "kind=note", content_type="application/x-www-form-urlencoded"
    )
    _refused(response, 415)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"customer": "one", "subject": "s", "body": "b"}, "customer"),
        ({"customer": 1.5, "subject": "s", "body": "b"}, "customer"),
        ({"customer": 99999, "subject": "s", "body": "b"}, "customer"),
        ({"customer": "{customer}", "subject": ["s"], "body": "b"}, "subject"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "priority": 4}, "priority"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "priority": "critical"}, "priority"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "channel": "fax"}, "channel"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "category": "lambo"}, "category"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "tier": "top"}, "tier"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "language": "<script>"}, "language"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "team": "wallets"}, "team"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "team": 10**30}, "team"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "assignee": 424242}, "assignee"),
        ({"customer": "{customer}", "subject": "s", "body": "b", "tags": "a,b"}, "tags"),
        (
            {"customer": "{customer}", "subject": "s", "body": "b", "tags": [f"t{n}" for n in range(21)]},
            "tags",
        ),
        ({"customer": "{customer}", "subject": "x" * 251, "body": "b"}, "subject"),
        ({"customer": "{customer}", "subject": "s", "body": "   "}, "body"),
        ({"customer": "{customer}", "subject": "s", "body": "a\x00b"}, "body"),
        ({"customer": "{customer}", "subject": "s", "body": "x" * (MAX_BODY + 1)}, "body"),
    ],
)
def test_a_bad_ticket_is_refused_field_by_field(
    api_client, customer, ticket, before, row_counts, payload, field
):
    payload = {k: (customer.pk if v == "{customer}" else v) for k, v in payload.items()}
    body = _refused(api_client.post("/api/tickets/", payload, format="json"))
    assert field in body["errors"]
    assert body["message"].startswith(f"{field}: ")
    assert row_counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "shout", "body": "b"}, "kind"),
        ({"kind": "reply"}, "body"),
        ({"kind": "reply", "body": 42, "status": "done"}, "status"),
        ({"kind": "reply", "body": "b", "body_format": "markdown"}, "body_format"),
        ({"kind": "customer_message", "body": "b", "status": "solved"}, "status"),
        ({"kind": "note", "body": "b", "channel": "email"}, "channel"),
        ({"kind": "note", "body": "b", "extra": True}, "extra"),
    ],
)
def test_a_bad_entry_is_refused_field_by_field(api_client, ticket, before, row_counts, payload, field):
    body = _refused(api_client.post(f"/api/tickets/{ticket.pk}/entries/", payload, format="json"))
    assert field in body["errors"]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/tickets/abc/", 404),
        ("/api/tickets/12abc/", 404),
        ("/api/tickets/99999999999999999999999/", 404),
        ("/api/tickets/HD-999999/", 404),
        ("/api/tickets/abc/entries/", 404),
        ("/api/customers/abc/", 404),
        ("/api/customers/99999999999999999999999/", 404),
        ("/api/attachments/abc/", 404),
        ("/api/attachments/999999/", 404),
    ],
)
def test_ids_that_are_not_numbers_or_do_not_exist_are_a_json_404(api_client, path, status):
    _refused(api_client.get(path), status)


def test_a_body_over_the_size_limit_is_a_400_before_anything_is_written(
    api_client, ticket, before, row_counts
):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/", {"kind": "note", "body": "x" * (MAX_BODY + 1)}, format="json"
    )
    assert _refused(response)["message"] == f"body: Ensure this field has no more than {MAX_BODY} characters."
    assert row_counts() == before


def test_a_request_body_of_megabytes_is_a_413(api_client, ticket, before, row_counts, settings):
    huge = '{"kind": "note", "body": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = api_client.post(f"/api/tickets/{ticket.pk}/entries/", huge, content_type="application/json")
    assert _refused(response, 413)["code"] == "too_large"
    assert row_counts() == before


def test_a_multipart_body_of_megabytes_is_a_413(api_client, ticket, before, row_counts, settings):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "note", "body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)},
        format="multipart",
    )
    _refused(response, 413)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream"),
            "run.exe: files of this type",
        ),
        (
            SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png", "image/png"),
            "photo.png: content does not",
        ),
        (SimpleUploadedFile("empty.txt", b"", "text/plain"), "attachments: 0: The submitted file is empty."),
    ],
)
def test_a_forbidden_attachment_refuses_the_whole_entry(
    api_client, ticket, before, row_counts, upload, message
):
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "reply", "body": "see attached", "attachments": [upload]},
        format="multipart",
    )
    assert _refused(response)["message"].startswith(message)
    assert row_counts() == before


def test_an_attachment_over_the_size_limit_is_refused(api_client, ticket, before, row_counts, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.txt", b"x" * (1024 * 1024 + 1), "text/plain")
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "note", "body": "log", "attachments": [big]},
        format="multipart",
    )
    body = _refused(response)
    assert body["code"] == "too_large"
    assert body["message"] == "big.txt is larger than 1 MB"
    assert row_counts() == before


def test_too_many_attachments_are_refused(api_client, ticket, before, row_counts, settings):
    files = [SimpleUploadedFile(f"f{n}.txt", b"x", "text/plain") for n in range(11)]
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/",
        {"kind": "note", "body": "b", "attachments": files},
        format="multipart",
    )
    assert "attachments" in _refused(response)["errors"]
    assert row_counts() == before


def test_an_illegal_status_transition_is_a_400(api_client, ticket, before, row_counts):
    response = api_client.patch(f"/api/tickets/{ticket.pk}/", {"status": "closed"}, format="json")
    body = _refused(response)
    assert body["message"] == "a ticket cannot go from New to Closed"
    assert body["code"] == "bad_transition"
    assert row_counts() == before


def test_replying_on_a_closed_ticket_is_a_400(api_client, agent, ticket, row_counts):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    before = row_counts()
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/entries/", {"kind": "reply", "body": "hi"}, format="json"
    )
    assert _refused(response)["code"] == "closed"
    assert row_counts() == before
