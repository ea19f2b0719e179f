"""The portal's writes: a customer signs in with the exchange's signed identity, and writes on their
own tickets through the same intake path as email and chat messages."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from customers.services import customer_upsert
from helpdesk.errors import DomainError
from intake.pipeline import customer_message_add
from livechat.identity import identity_verify
from portal.session import PortalSession, session_start, token_first_use
from tickets.attachments import IncomingFile
from tickets.models import Channel, Ticket, TimelineEntry


def portal_sign_in(*, token: str, current: PortalSession | None, ip: str | None = None) -> PortalSession:
    """A new portal session for the customer the exchange signed, the customer record updated with
    the token's claims as the chat widget updates it.

    The token must be genuine and unexpired (livechat.identity.identity_verify), and is good for one
    sign-in: a second use is refused, except from the browser already signed in with it as the same
    customer, which keeps its session (a double click, the back button).
    DomainError(code="forbidden") otherwise.
    """
    signed = identity_verify(token)
    if not token_first_use(token, expires_at=signed.expires_at):
        if current is not None and current.external_id == signed.sub:
            return current
        raise DomainError(
            _(
                "This sign-in link was already used. Open your support tickets again from your account "
                "at the exchange."
            ),
            code="forbidden",
        )
    with transaction.atomic():
        customer, _created = customer_upsert(external_id=signed.sub, **signed.claims)
        audit_record(
            action="portal.signed_in",
            obj=customer,
            actor_label=f"customer:{customer.external_id}",
            ip=ip,
            after={"replaced_session": current is not None},
        )
    return session_start(
        customer_id=customer.pk,
        external_id=customer.external_id,
        name=customer.name,
        language=customer.language,
        time_zone=customer.time_zone,
        previous=current.key if current else None,
    )


def portal_reply(
    *, session: PortalSession, ticket: Ticket, body: str, files: Sequence[IncomingFile] = ()
) -> TimelineEntry:
    """The customer writes on their ticket from the portal: the customer-message intake (secrets
    redacted, language read, triage, SLA clock) as for an email reply, which reopens a solved ticket."""
    if ticket.customer_id != session.customer_id:
        # The views look tickets up by customer; this holds even for a caller that forgot.
        raise DomainError(_("No such ticket."), code="not_found")
    body = (body or "").strip()
    if not body and not files:
        raise DomainError(_("Write a message or attach a file."))
    return customer_message_add(
        ticket=ticket,
        body=body,
        channel=Channel.WEB,
        attachments=list(files),
        entry_data={"via": "portal"},
    )
