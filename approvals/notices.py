"""The customer's notice that an approved action was carried out: in their language, on the case's own
channel, once (the request's customer_notified_at, set in the same transaction as the reply).

It is a public reply by "Account security", a system identity like tier 0's "Assistant": inactive, so
it never signs in and is offered no work. A chat that is still open gets it as the chat's next numbered
message; every other channel as a reply (mail's outbox sends an email's). Nothing secret is in it: a
new email address is shown masked.
"""

from django.conf import settings
from django.utils import translation

from accounts.models import User
from accounts.services import system_user
from approvals.models import ActionKind, ApprovalRequest
from approvals.phrases import notices
from customers.models import mask_email
from helpdesk.errors import DomainError
from helpdesk.formats import format_number
from tickets.models import Status, Ticket

BOT_USERNAME = "account-security"
FALLBACK_LANGUAGE = "en"


def approvals_bot() -> User:
    return system_user(username=BOT_USERNAME, name="Account security")


def notice_language(language: str) -> str:
    """The customer's language, a near one we write ("pt" → "pt-br", "es-mx" → "es"), or English."""
    code = (language or "").strip().lower().replace("_", "-")
    written = [code for code, _name in settings.LANGUAGES]
    if code in written:
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
    if base in written:
        return base
    return aliases.get(base, FALLBACK_LANGUAGE)


def notice_text(*, action: str, language: str, params: dict[str, str]) -> str:
    written = notice_language(language)
    with translation.override(written):
        texts = notices()
    values = {
        "email": mask_email(params.get("new_email", "")),
        "limit": format_number(params.get("new_limit", ""), written),
        "currency": params.get("currency", ""),
    }
    return texts[ActionKind(action)].format(**values)


def notice_post(request: ApprovalRequest) -> str:
    """Post the notice; "" when posted, else why it was not (the ticket is closed, the chat ended)."""
    from livechat.services import system_reply_post

    ticket: Ticket = request.ticket
    body = notice_text(action=request.action, language=ticket.language, params=request.params)
    if ticket.status == Status.CLOSED:
        return "closed"
    try:
        system_reply_post(
            ticket=ticket, author=approvals_bot(), body=body, client_id=f"approval-{request.pk}"
        )
    except DomainError as refused:
        return refused.code
    return ""
