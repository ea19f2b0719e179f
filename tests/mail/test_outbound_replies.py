"""Agent replies on email tickets go out as email: after commit, threaded, in text and HTML."""

from typing import cast

import pytest
from django.core import mail as outbox
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from casework.services import ticket_reply
from mail.models import OutboundMessage, OutboundStatus
from mail.parsing import parse
from tests.factories import make_agent, make_ticket
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import BodyFormat, Channel, EntryKind
from tickets.services import ticket_note

pytestmark = pytest.mark.django_db


def _sent() -> list[EmailMultiAlternatives]:
    return cast(list[EmailMultiAlternatives], outbox.outbox)


@pytest.fixture
def mailbox():
    return make_mailbox()


@pytest.fixture
def email_ticket(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = deliver(
            email(
                message_id="<orig-7@mail.example>", cc="Bob <bob@mail.example>", subject="KYC rejected twice"
            ),
            mailbox,
        )
    outbox.outbox.clear()
    return message.ticket


def test_a_reply_is_sent_after_commit_with_threading_headers(
    email_ticket, django_capture_on_commit_callbacks
):
    agent = make_agent(first_name="Emma", last_name="Agent")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket_reply(ticket=email_ticket, author=agent, body="Please send a clearer photo of your ID.")
        # Nothing leaves before the reply is committed.
        assert outbox.outbox == []
    for callback in callbacks:
        callback()
    [sent] = _sent()
    out = OutboundMessage.objects.get(ticket=email_ticket, kind="reply")
    assert out.status == OutboundStatus.SENT
    assert sent.to == ["ana@mail.example"]
    assert sent.cc == ["bob@mail.example"]
    assert sent.subject == f"Re: KYC rejected twice [{email_ticket.reference}]"
    assert sent.extra_headers["Message-ID"] == f"<{out.message_id}>"
    assert sent.extra_headers["In-Reply-To"] == "<orig-7@mail.example>"
    assert "<orig-7@mail.example>" in sent.extra_headers["References"]
    assert sent.reply_to == ["support@cryptox.example"]
    assert "Auto-Submitted" not in sent.extra_headers
    assert "Please send a clearer photo" in sent.body
    assert sent.body.startswith("##- Please type your reply above this line -##")
    html, mimetype = str(sent.alternatives[0][0]), sent.alternatives[0][1]
    assert mimetype == "text/html"
    assert "Please send a clearer photo" in html and "Emma Agent" in html


def test_the_customers_answer_to_a_reply_threads_and_is_cut_at_the_marker(
    mailbox, email_ticket, django_capture_on_commit_callbacks
):
    agent = make_agent()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=email_ticket, author=agent, body="Which network did you use?")
    [sent] = _sent()
    quoted = "\n".join(f"> {line}" for line in sent.body.splitlines())
    answer = email(
        subject=f"Re: {sent.subject}",
        text=f"TRC-20, sorry.\n\nOn Monday support wrote:\n{quoted}",
        in_reply_to=sent.extra_headers["Message-ID"],
    )
    message = deliver(answer, mailbox)
    assert message.ticket == email_ticket
    assert message.entry.body == "TRC-20, sorry."


def test_html_replies_carry_a_text_version(email_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(
            ticket=email_ticket,
            author=make_agent(),
            body="<p>Steps:</p><ol><li>Open <b>Security</b></li><li>Reset 2FA</li></ol><script>x()</script>",
            body_format=BodyFormat.HTML,
        )
    [sent] = _sent()
    assert "Open Security" in sent.body and "<b>" not in sent.body
    html = str(sent.alternatives[0][0])
    assert "<b>Security</b>" in html and "<script>" not in html


def test_the_agents_attachments_go_with_the_reply(email_ticket, django_capture_on_commit_callbacks):
    from tickets.attachments import IncomingFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(
            ticket=email_ticket,
            author=make_agent(),
            body="Our fee schedule is attached.",
            attachments=[IncomingFile(filename="fees.pdf", content=pdf)],
        )
    [sent] = _sent()
    assert [(a[0], a[1], a[2]) for a in sent.attachments] == [("fees.pdf", pdf, "application/pdf")]


def test_notes_and_replies_on_other_channels_send_nothing(email_ticket, django_capture_on_commit_callbacks):
    chat_ticket = make_ticket(channel=Channel.CHAT)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_note(ticket=email_ticket, author=make_agent(), body="Checked the wallet logs")
        ticket_reply(ticket=chat_ticket, author=make_agent(), body="Hello from chat")
    assert outbox.outbox == []
    assert not OutboundMessage.objects.filter(kind="reply").exists()


def test_a_reply_that_rolls_back_leaves_nothing_in_the_outbox(
    email_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        ticket_reply(ticket=email_ticket, author=make_agent(), body="Never sent")
        raise RuntimeError("the request failed after the reply")
    assert not OutboundMessage.objects.filter(kind="reply").exists()
    assert outbox.outbox == []


def test_a_customer_without_an_address_gets_a_timeline_note_instead(django_capture_on_commit_callbacks):
    from tests.factories import make_customer

    ticket = make_ticket(channel=Channel.EMAIL, customer=make_customer(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="Hello")
    assert outbox.outbox == []
    event = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="email_not_sent")
    assert "no email address" in event.data["reason"]


def test_the_acknowledgement_is_in_the_customers_language(mailbox, django_capture_on_commit_callbacks):
    from tests.factories import make_customer

    make_customer(email="lucia@mail.example", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        # She writes in Spanish, as her profile says: the ticket's language follows her words.
        text = "Hice un depósito de BTC esta mañana y todavía no aparece en mi cuenta."
        message = deliver(
            email(sender="lucia@mail.example", subject="Depósito no acreditado", text=text), mailbox
        )
    [ack] = outbox.outbox
    assert ack.subject.startswith(f"Hemos recibido su solicitud [{message.ticket.reference}]")
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "nunca le pediremos su contraseña" in ack.body
    # Parsing our own acknowledgement back finds the marker and the helpdesk's loop header.
    parsed = parse(ack.message().as_bytes())
    assert parsed.x_loop == ["support@cryptox.example"]
