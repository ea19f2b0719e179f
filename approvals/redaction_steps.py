"""Secrets a customer pastes never reach the database: the intake door redacts them, and a step says so.

`secrets_redact` runs in `intake.pipeline.ticket_open` and `customer_message_add` on the fields they are
given, before `tickets.services` writes anything: the body (and a new ticket's subject, and the text
version an HTML email keeps) with each secret replaced by its marker, and what was found kept with the
entry (`data["redacted"]`: kinds and count, never the secret). `secret_redacted_step`, the first step of
both passes, then records it: a `secret_redacted` event (the risk assessment reads it), the
`secret-shared` tag, an audit record, and, after commit, the warning to the customer in their language
on the case's channel: the next numbered chat message, an email reply through the outbox, a public
reply on the web form's and the API's cases.

Imports nothing that opens tickets (live chat, mail): those call the pipeline, which imports this; the
warning is delivered by `approvals.redaction_delivery`, called by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import transaction

from approvals.redaction import KINDS, Redaction, redact
from approvals.redaction_phrases import secret_warning
from audit.services import audit_record
from tickets.models import BodyFormat, Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

if TYPE_CHECKING:
    from intake.types import Intake

EVENT = "secret_redacted"
TAG = "secret-shared"

Fields = TypeVar("Fields", bound=Mapping[str, Any])


def secrets_redact(fields: Fields) -> Fields:
    """The customer's message as it may be stored: `fields` itself when it holds no secret, else a copy
    with the body, the subject and an email's text version redacted and `entry_data["redacted"]` set."""
    body = fields.get("body") or ""
    found = [redact(body, html=fields.get("body_format") == BodyFormat.HTML)]
    changed: dict[str, Any] = {"body": found[0].text}
    if fields.get("subject"):
        found.append(redact(fields["subject"]))
        changed["subject"] = found[-1].text
    data = dict(fields.get("entry_data") or {})
    mail = data.get("email")
    if isinstance(mail, dict) and mail.get("text"):
        found.append(redact(mail["text"]))
        data["email"] = {**mail, "text": found[-1].text}
    count = sum(r.count for r in found)
    if not count:
        return fields
    data["redacted"] = {"kinds": list(_kinds(found)), "count": count}
    return cast(Fields, {**fields, **changed, "entry_data": data})


def _kinds(found: list[Redaction]) -> tuple[str, ...]:
    return tuple(k for k in KINDS if any(k in r.kinds for r in found))


def redaction_found(entry: TimelineEntry | None) -> dict[str, Any] | None:
    """What was taken out of a customer's message ({"kinds": [...], "count": n}), or None."""
    found = (entry.data or {}).get("redacted") if entry is not None else None
    return found if isinstance(found, dict) and found.get("count") else None


def redaction_notice(entry: TimelineEntry | None, language: str) -> dict[str, Any] | None:
    """What a caller that answers the customer at once (the API, the web form) tells them: the kinds
    removed and the warning in their language; None when nothing was removed."""
    found = redaction_found(entry)
    if found is None:
        return None
    return {**found, "warning": secret_warning(language, found["kinds"])}


def secret_redacted_step(ticket: Ticket, intake: Intake) -> Intake | None:
    """Record what the door took out of the message, and warn the customer after commit."""
    entry = intake.entry
    found = redaction_found(entry)
    if entry is None or found is None:
        return None
    kinds, count = list(found["kinds"]), int(found["count"])
    timeline_event_add(ticket, EVENT, kinds=kinds, count=count, entry=entry.pk)
    tags = list(ticket.tags.values_list("name", flat=True))
    if TAG not in tags:
        # By name, in the caller's transaction: the core's tag service keeps the ticket's other tags.
        from tickets.services import ticket_set_tags

        ticket_set_tags(ticket=ticket, actor=None, tags=[*tags, TAG])
    # Which kinds and how many, never what they were.
    audit_record(
        action="ticket.secret_redacted",
        obj=ticket,
        actor_label=f"customer:{ticket.customer.external_id}",
        after={"entry": entry.pk, "kinds": kinds, "count": count},
    )
    entry_id = entry.pk

    def warn() -> None:
        # By name: the delivery posts through live chat and mail, which open tickets through the pipeline.
        importlib.import_module("approvals.redaction_delivery").secret_warning_deliver(entry_id=entry_id)

    transaction.on_commit(warn, robust=True)
    return None
