"""POST /api/mail/inbound/: raw MIME from a mail server or an inbound-mail service."""

import pytest
from django.test import Client

from mail.models import InboundMessage, InboundStatus, Outcome
from mail.services.config import mailbox_token_issue
from tests.factories import make_agent
from tests.mail.build import email, make_mailbox

pytestmark = pytest.mark.django_db
URL = "/api/mail/inbound/"


@pytest.fixture
def mailbox():
    return make_mailbox()


@pytest.fixture
def token(mailbox):
    return mailbox_token_issue(actor=None, mailbox=mailbox)


def _post(client, raw, token=None, content_type="message/rfc822", **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(URL, data=raw, content_type=content_type, **headers, **extra)


def test_a_message_posted_with_the_mailbox_token_is_kept_and_becomes_a_ticket(
    mailbox, token, django_capture_on_commit_callbacks
):
    raw = email(message_id="<http-1@mail.example>")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(Client(), raw, token)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["duplicate"] is False
    message = InboundMessage.objects.get(pk=body["id"])
    assert bytes(message.raw) == raw
    assert message.mailbox == mailbox
    assert message.status == InboundStatus.PROCESSED
    assert message.outcome == Outcome.NEW_TICKET


def test_posting_the_same_message_again_is_a_duplicate(token, django_capture_on_commit_callbacks):
    raw = email(message_id="<http-2@mail.example>")
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(Client(), raw, token).json()
    with django_capture_on_commit_callbacks(execute=True):
        again = _post(Client(), raw, token).json()
    assert again == {"id": first["id"], "duplicate": True, "status": InboundStatus.PROCESSED}
    assert InboundMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"HTTP_AUTHORIZATION": "Bearer not-a-token"}, 401)],
)
def test_without_a_valid_token_nothing_is_stored(headers, status):
    response = Client().post(URL, data=email(), content_type="message/rfc822", **headers)
    assert response.status_code == status
    assert "message" in response.json()
    assert not InboundMessage.objects.exists()


def test_agents_may_not_post_mail():
    client = Client()
    client.force_login(make_agent())
    response = _post(client, email())
    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_an_admin_may_post_for_a_mailbox(mailbox):
    client = Client(enforce_csrf_checks=False)
    client.force_login(make_agent(role="admin"))
    response = client.post(f"{URL}?mailbox={mailbox.pk}", data=email(), content_type="message/rfc822")
    assert response.status_code == 202
    assert InboundMessage.objects.get().mailbox == mailbox


def test_bad_requests_get_a_clear_4xx(token, settings):
    assert _post(Client(), b"", token).status_code == 400
    wrong_type = _post(Client(), b'{"a": 1}', token, content_type="application/json")
    assert wrong_type.status_code == 415
    settings.MAIL_MAX_MESSAGE_BYTES = 1000
    too_big = _post(Client(), email(text="x" * 5000), token)
    assert too_big.status_code == 413
    assert "not accepted" in too_big.json()["message"]
    assert not InboundMessage.objects.exists()
