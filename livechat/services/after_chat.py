"""After the chat: the visitor's rating, a message left instead of waiting, and the transcript."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from approvals.redaction import redact
from audit.services import audit_record
from csat.services import survey_record_chat_rating
from customers.services import customer_upsert
from helpdesk.dates import zone_named
from helpdesk.errors import DomainError
from helpdesk.formats import format_moment
from intake.pipeline import ticket_open
from livechat.identity import check_claims
from livechat.models import Conversation
from livechat.services.common import _lock
from livechat.services.lifecycle import chat_end
from livechat.state import messages_after
from mail.services import transcript_queue
from tickets.models import Channel, Ticket

MAX_COMMENT = 2000


def chat_rate(*, conversation_id: int, rating: object, comment: str = "") -> Conversation:
    """The visitor's satisfaction rating, 1 to 5, with an optional comment; a new rating replaces it."""
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("The comment is longer than %(max)d characters.") % {"max": MAX_COMMENT})
    # The comment is stored with the chat: a secret pasted in it is not kept.
    comment = redact(comment).text
    with transaction.atomic():
        conversation = _lock(conversation_id)
        before = {"rating": conversation.rating}
        conversation.rating = rating
        conversation.rating_comment = comment
        conversation.rated_at = timezone.now()
        conversation.save(update_fields=["rating", "rating_comment", "rated_at"])
        # The rating is the chat ticket's satisfaction survey answer (csat/, docs/csat.md).
        survey_record_chat_rating(ticket=conversation.ticket, score=rating, comment=comment)
        audit_record(
            action="chat.rated",
            obj=conversation,
            actor_label=f"customer:{conversation.ticket.customer.external_id}",
            before=before,
            after={"rating": rating},
        )
    return conversation


def chat_leave_message(*, conversation_id: int, email: str, body: str) -> Ticket:
    """The visitor writes instead of waiting: an email ticket, and the chat ends.

    A verified customer keeps the address the exchange gave; an anonymous visitor's record takes the
    one they type, since that is where the answer goes.
    """
    email = check_claims({"email": email or ""})["email"]
    text = (body or "").replace("\x00", "").strip()
    if not text:
        raise DomainError(_("Write your message."))
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.left_message_id is not None:
            raise DomainError(_("You have already left a message for this chat."), code="closed")
        customer = conversation.ticket.customer
        if not conversation.is_verified and customer.email != email:
            customer, _created = customer_upsert(external_id=customer.external_id, email=email)
        # Not in the body: the address the visitor asked for is contact data, shown through the
        # viewer's ContactMask on the timeline like any email address.
        asked: dict[str, object] | None = None
        if customer.email and customer.email.lower() != email.lower():
            asked = {"email": {"reply_to": email}}
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Message left in live chat: %(topic)s") % {"topic": conversation.ticket.subject}
        ticket = ticket_open(
            customer=customer,
            subject=subject[:250],
            body=text,
            channel=Channel.EMAIL,
            category=conversation.ticket.category,
            language=conversation.language,
            entry_data=asked,
        )
        conversation.left_message = ticket
        conversation.save(update_fields=["left_message"])
        chat_end(conversation_id=conversation.pk, actor=None)
    return ticket


def chat_transcript_request(*, conversation_id: int, email: str = "") -> str:
    """Mail the transcript to the visitor's address (a verified customer's, or the one typed by an
    anonymous visitor); returns the address it goes to.

    The mail is written to the outbox in this transaction and sent from there after commit, so it
    goes exactly once: a redelivered or retried send finds the row already sent.
    """
    with transaction.atomic():
        conversation = _lock(conversation_id)
        customer = conversation.ticket.customer
        if conversation.is_verified or not email:
            address = customer.email
        else:
            address = check_claims({"email": email})["email"]
        if not address:
            raise DomainError(_("Enter the email address the transcript should go to."))
        audit_record(
            action="chat.transcript_requested",
            obj=conversation,
            actor_label=f"customer:{customer.external_id}",
            after={"email": "(given)" if address != customer.email else "(customer)"},
        )
        subject, text = _transcript(conversation)
        transcript_queue(ticket=conversation.ticket, to=address, subject=subject, text=text)
    return address


def _transcript(conversation: Conversation) -> tuple[str, str]:
    """(subject, body) of a chat's transcript: its public messages as plain text (nothing a visitor
    typed is ever HTML), in the chat's language, each stamped on the customer's own clock."""
    rows = messages_after(conversation.pk, 0, for_customer=True, limit=10_000)
    # The reader's own clock, named, in the email style of their language (helpdesk/formats.py).
    customer_zone = zone_named(conversation.ticket.customer.time_zone)
    zone: dt.tzinfo = customer_zone or dt.UTC
    zone_name = conversation.ticket.customer.time_zone if customer_zone else "UTC"
    with translation.override(conversation.language):
        lines = [
            _("Transcript of your chat %(reference)s") % {"reference": conversation.ticket.reference},
            "",
        ]
        for message in rows:
            who = message["author"] or (_("You") if message["kind"] == "customer" else _("Support"))
            when = format_moment(
                dt.datetime.fromisoformat(message["created_at"]),
                "email_datetime",
                conversation.language,
                zone,
            )
            lines.append(f"[{when} {zone_name}] {who}:")
            lines.append(message["body"])
            lines.extend(f"  ({a['filename']})" for a in message["attachments"])
            lines.append("")
        subject = _("Your chat transcript %(reference)s") % {"reference": conversation.ticket.reference}
    return subject, "\n".join(lines)
