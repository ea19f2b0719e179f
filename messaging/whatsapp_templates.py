"""WhatsApp's customer service window and approved templates, as the ticket page and the
configuration area use them.

Within 24 hours of the customer's last message an agent writes free text; after that WhatsApp takes
only a template Meta approved for the business account. The templates are fetched from the Graph API
by a task (never inside a request) and kept per account; the ticket panel offers them and
`whatsapp_template_send` puts the chosen one, filled in, through the outbox as the ticket's reply.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from helpdesk.errors import DomainError
from messaging.models import ChannelAccount, ChannelKind, ChannelMessage, Contact, Direction, MessageStatus
from messaging.providers.base import PermanentSendError, Template, TransientSendError
from messaging.providers.whatsapp import ApprovedTemplate, SessionWindow, WhatsAppProvider, session_window
from tickets.models import Ticket, TimelineEntry

log = logging.getLogger(__name__)

# Refreshed hourly by beat and on an admin's request, kept on the account's row (provider_data); the
# cache is a read-through copy, kept a day.
KEEP_SECONDS = 26 * 3600
PARAMETER_LIMIT = 1024
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


PROVIDER_DATA_KEY = "whatsapp_templates"


def _key(account_id: int) -> str:
    return f"messaging:whatsapp:templates:{account_id}"


@dataclass(frozen=True)
class KnownTemplates:
    templates: tuple[ApprovedTemplate, ...]
    fetched_at: dt.datetime | None
    error: str = ""


def templates_known(account: ChannelAccount) -> KnownTemplates:
    """The account's approved templates as last fetched (none yet: an empty list, no time)."""
    # The row is the truth; the cache (one get, no statement) also sees what a task stored after this
    # account object was read.
    stored = cache.get(_key(account.pk))
    if not isinstance(stored, dict):
        stored = (account.provider_data or {}).get(PROVIDER_DATA_KEY)
    if not isinstance(stored, dict):
        return KnownTemplates(templates=(), fetched_at=None)
    return KnownTemplates(
        templates=tuple(
            ApprovedTemplate(
                name=str(t["name"]),
                language=str(t["language"]),
                parameter_count=int(t["parameter_count"]),
                category=str(t.get("category", "")),
                body=str(t.get("body", "")),
            )
            for t in stored.get("templates", [])
        ),
        fetched_at=dt.datetime.fromisoformat(stored["fetched_at"]) if stored.get("fetched_at") else None,
        error=str(stored.get("error", "")),
    )


def _store(account: ChannelAccount, known: KnownTemplates) -> None:
    stored = {
        "templates": [t.as_dict() for t in known.templates],
        "fetched_at": known.fetched_at.isoformat() if known.fetched_at else "",
        "error": known.error,
    }
    with transaction.atomic():
        locked = ChannelAccount.objects.select_for_update().only("provider_data").get(pk=account.pk)
        data = {**(locked.provider_data or {}), PROVIDER_DATA_KEY: stored}
        ChannelAccount.objects.filter(pk=account.pk).update(provider_data=data)
    account.provider_data = data
    cache.set(_key(account.pk), stored, KEEP_SECONDS)


def whatsapp_templates_refresh(*, account_id: int) -> KnownTemplates | None:
    """Fetch the account's approved templates from the Graph API and keep them. A failure keeps the
    templates known before and records why, for the configuration page to show."""
    from messaging.services import http_client

    account = ChannelAccount.objects.filter(pk=account_id, kind=ChannelKind.WHATSAPP, enabled=True).first()
    if account is None:
        return None
    before = templates_known(account)
    try:
        with http_client() as client:
            found = WhatsAppProvider().templates_list(client, account.credentials)
    except (PermanentSendError, TransientSendError) as exc:
        log.warning("WhatsApp templates of account %s not fetched: %s", account.pk, exc)
        known = KnownTemplates(templates=before.templates, fetched_at=before.fetched_at, error=str(exc)[:300])
    else:
        known = KnownTemplates(templates=tuple(found), fetched_at=timezone.now())
    _store(account, known)
    return known


@shared_task(acks_late=True)
def whatsapp_templates_refresh_task(account_id: int | None = None) -> int:
    """One account's templates (the Refresh button), or every enabled WhatsApp account's (beat)."""
    ids = (
        [account_id]
        if account_id is not None
        else list(
            ChannelAccount.objects.filter(kind=ChannelKind.WHATSAPP, enabled=True).values_list(
                "pk", flat=True
            )
        )
    )
    return sum(1 for pk in ids if whatsapp_templates_refresh(account_id=pk) is not None)


def whatsapp_templates_refresh_queue(*, actor: User, account: ChannelAccount) -> None:
    """An admin asked for the list again: fetched by the worker after commit."""
    audit_record(action="channel_account.templates_refresh_requested", obj=account, actor=actor)
    pk = account.pk
    transaction.on_commit(lambda: whatsapp_templates_refresh_task.delay(pk), robust=True)


# --- The ticket page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatsAppPanel:
    contact: Contact
    window: SessionWindow
    templates: tuple[ApprovedTemplate, ...]
    fetched_at: dt.datetime | None

    @property
    def slots(self) -> range:
        """Numbered inputs for the parameters of the template that takes the most."""
        return range(1, 1 + max((t.parameter_count for t in self.templates), default=0))


def whatsapp_panel(contact: Contact, now: dt.datetime | None = None) -> WhatsAppPanel:
    """Whether free text may go to `contact` now, until when, and the templates to use otherwise
    (read from the cache: no statement)."""
    known = templates_known(contact.account)
    return WhatsAppPanel(
        contact=contact,
        window=session_window(contact.last_inbound_at, now or timezone.now()),
        templates=known.templates,
        fetched_at=known.fetched_at,
    )


def template_text(template: ApprovedTemplate, parameters: tuple[str, ...]) -> str:
    """The template's body with its parameters in place, as the customer reads it (for the timeline)."""
    order = sorted(
        set(_PLACEHOLDER.findall(template.body)),
        key=lambda p: (not p.isdigit(), int(p) if p.isdigit() else 0, p),
    )
    values = dict(zip(order, parameters, strict=False))
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)
    return text or template.name


def whatsapp_template_send(
    *,
    actor: User,
    ticket: Ticket,
    contact: Contact,
    name: str,
    language: str,
    parameters: tuple[str, ...],
) -> ChannelMessage:
    """The chosen approved template, filled in, as the ticket's public reply, sent through the outbox
    as a template (which WhatsApp delivers outside the 24-hour window too)."""
    from casework.services import ticket_reply
    from messaging.services import outbound_queue

    if contact.account.kind != ChannelKind.WHATSAPP or not contact.account.enabled:
        raise DomainError(_("This contact is not on an enabled WhatsApp account."))
    chosen = next(
        (t for t in templates_known(contact.account).templates if (t.name, t.language) == (name, language)),
        None,
    )
    if chosen is None:
        raise DomainError(
            _("No approved template %(name)s (%(language)s) is known for this account.")
            % {
                "name": name,
                "language": language,
            }
        )
    # The form has an input for the most parameters any template takes: the unused ones come empty.
    parameters = tuple(p.strip() for p in parameters)
    while parameters and not parameters[-1]:
        parameters = parameters[:-1]
    if len(parameters) != chosen.parameter_count or not all(parameters):
        raise DomainError(
            _("The template %(name)s takes %(count)s parameters; fill in each of them.")
            % {"name": name, "count": chosen.parameter_count}
        )
    if any(len(p) > PARAMETER_LIMIT or "\n" in p for p in parameters):
        raise DomainError(
            _("A template parameter is one line of at most %(limit)s characters.")
            % {"limit": PARAMETER_LIMIT}
        )
    template = Template(name=chosen.name, language=chosen.language, parameters=parameters)
    with transaction.atomic():
        entry: TimelineEntry = ticket_reply(
            ticket=ticket, author=actor, body=template_text(chosen, parameters)
        )
        # The reply's own delivery (tickets' public_reply_posted → messaging) queued it as free text
        # in this transaction; it is not sent before commit, so it becomes the template here.
        queued = ChannelMessage.objects.filter(
            entry=entry, direction=Direction.OUT, status=MessageStatus.QUEUED, contact=contact
        )
        template_json = {"name": template.name, "language": template.language, "parameters": list(parameters)}
        message = queued.first()
        if message is not None:
            message.template, message.text = template_json, ""
            message.save(update_fields=["template", "text"])
        else:
            message = outbound_queue(
                account=contact.account, contact=contact, ticket=ticket, entry=entry, template=template
            )
        audit_record(
            action="messaging.template_sent",
            obj=ticket,
            actor=actor,
            after={
                "template": template.name,
                "language": template.language,
                "entry": entry.pk,
                "message": message.pk,
            },
        )
    return message


def whatsapp_contact_of(ticket: Ticket, contact_id: int) -> Contact:
    """The ticket's WhatsApp contact `contact_id` (one who wrote on this ticket), or DomainError."""
    contact = (
        Contact.objects.select_related("account")
        .filter(
            pk=contact_id,
            account__kind=ChannelKind.WHATSAPP,
            messages__ticket=ticket,
            messages__direction=Direction.IN,
        )
        .first()
    )
    if contact is None:
        raise DomainError(_("This ticket has no such WhatsApp contact."))
    return contact
