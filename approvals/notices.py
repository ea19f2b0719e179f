"""The customer's notice that an approved action was carried out: in their language, on the case's own
channel, once (the request's customer_notified_at, set in the same transaction as the reply).

It is a public reply by "Account security", a system identity like tier 0's "Assistant": inactive, so
it never signs in and is offered no work. A chat that is still open gets it as the chat's next numbered
message; every other channel as a reply (mail's outbox sends an email's). Nothing secret is in it: a
new email address is shown masked.
"""

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from approvals.models import ActionKind, ApprovalRequest
from approvals.phrases import NOTICES
from customers.models import mask_email
from helpdesk.errors import DomainError
from tickets.models import Channel, Status, Ticket

BOT_USERNAME = "account-security"
FALLBACK_LANGUAGE = "en"


def approvals_bot() -> User:
    user, _created = User.objects.get_or_create(
        username=BOT_USERNAME,
        defaults={
            "first_name": "Account security",
            "role": Role.AGENT,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user


def notice_language(language: str) -> str:
    """The customer's language, a near one we write ("pt" → "pt-br", "es-mx" → "es"), or English."""
    code = (language or "").strip().lower().replace("_", "-")
    if code in NOTICES:
        return code
    aliases = {
        "pt": "pt-br",
        "zh": "zh-hans",
        "zh-cn": "zh-hans",
        "zh-sg": "zh-hans",
        "tl": "fil",
        "in": "id",
    }
    if code in aliases:
        return aliases[code]
    base = code.split("-")[0]
    if base in NOTICES:
        return base
    return aliases.get(base, FALLBACK_LANGUAGE)


def notice_text(*, action: str, language: str, params: dict[str, str]) -> str:
    texts = NOTICES[notice_language(language)]
    values = {
        "email": mask_email(params.get("new_email", "")),
        "limit": params.get("new_limit", ""),
        "currency": params.get("currency", ""),
    }
    return texts[ActionKind(action)].format(**values)


def notice_post(request: ApprovalRequest) -> str:
    """Post the notice; "" when posted, else why it was not (the ticket is closed, the chat ended)."""
    from casework.services import ticket_reply
    from livechat import events
    from livechat.models import Conversation, ConversationStatus

    ticket: Ticket = request.ticket
    body = notice_text(action=request.action, language=ticket.language, params=request.params)
    if ticket.status == Status.CLOSED:
        return "closed"
    client_id = f"approval-{request.pk}"
    conversation = None
    if ticket.channel == Channel.CHAT:
        conversation = (
            Conversation.objects.select_for_update(of=("self",)).filter(ticket_id=ticket.pk).first()
        )
    try:
        if conversation is not None and conversation.status != ConversationStatus.ENDED:
            seq = conversation.last_seq + 1
            entry = ticket_reply(
                ticket=ticket, author=approvals_bot(), body=body, seq=seq, client_id=client_id
            )
            conversation.last_seq = seq
            conversation.save(update_fields=["last_seq"])
            message = events.message_data(entry, conversation.pk, attachments=[])
            events.publish_on_commit(
                events.chat_group(conversation.pk), {"type": "chat.message_posted", "message": message}
            )
        else:
            ticket_reply(ticket=ticket, author=approvals_bot(), body=body)
    except DomainError as refused:
        return refused.code
    return ""
