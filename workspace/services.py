"""The ticket page's saves that change several things at once, each through its single-ticket service.

The properties panel saves status, priority, category, subject, team, assignee, tags (and the
custom fields that join its form) with one button; the API's PATCH changes the same fields. Both come
here: one order, one transaction, so a refusal anywhere leaves the ticket as it was. Only what is in
`changes` is passed on, and each service writes (and audits) only what differs from the ticket.
"""

import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from casework.services import (
    ticket_assign,
    ticket_reply,
    ticket_set_status,
    ticket_transfer,
    ticket_update,
)
from customfields.services import ticket_fields_set
from helpdesk.errors import DomainError
from intake.language import ticket_language_set
from livechat.models import Conversation
from livechat.services import chat_message_post
from livechat.services.messages import Posted
from macros.models import Macro
from macros.services import macro_actions_apply
from tickets.attachments import IncomingFile
from tickets.models import EntryKind, Ticket, TimelineEntry
from tickets.services import KEEP, UPDATABLE, ticket_note, ticket_set_tags

PROPERTIES = frozenset({"status", "assignee", "team", "tags", *UPDATABLE})


def _together() -> AbstractContextManager[object]:
    # The page's and the API's callers hold a transaction already (helpdesk.busy): no savepoint then.
    return nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()


def ticket_properties_save(
    *,
    ticket: Ticket,
    actor: User,
    changes: Mapping[str, Any],
    handover_note: str = "",
    team_change: Literal["transfer", "assign"] = "transfer",
    custom: Mapping[str, Any] | None = None,
) -> Ticket:
    """Apply `changes` (property -> new value) in one transaction: all of them or none.

    The order matters: who has the case first (assigning a new ticket opens it; a transfer clears the
    assignee, so an assignee chosen with the new team is assigned after it), then the descriptive
    fields, the language (an agent's choice pins it), the tags, the custom fields (`custom`: key -> value,
    customfields.services), and the status last, so a save that also solves the ticket applies
    everything else before that (a field required before solving may be filled in the same save).
    `team_change="transfer"` moves the case to the team's tier and queue (the page's panel;
    `handover_note` goes with it); `"assign"` only sets the team, keeping tier and agent (the API's
    PATCH, as documented there).
    """
    unknown = set(changes) - PROPERTIES
    if unknown:
        raise DomainError(_("cannot change %(fields)s here") % {"fields": ", ".join(sorted(unknown))})
    with _together():
        team = changes.get("team", KEEP)
        moves_team = "team" in changes and team is not None and team.pk != ticket.team_id
        if team_change == "transfer" and moves_team:
            # Pushed to an agent of the new team only when nobody was chosen here.
            ticket = ticket_transfer(
                ticket=ticket, actor=actor, team=team, note=handover_note, push="assignee" not in changes
            )
            if "assignee" in changes:
                ticket = ticket_assign(ticket=ticket, actor=actor, assignee=changes["assignee"])
        elif "assignee" in changes or "team" in changes:
            ticket = ticket_assign(
                ticket=ticket,
                actor=actor,
                assignee=changes.get("assignee", ticket.assignee),
                team=team,
            )
        updates = {name: value for name, value in changes.items() if name in UPDATABLE}
        language = updates.pop("language", None)
        if updates:
            ticket = ticket_update(ticket=ticket, actor=actor, **updates)
        if language and language != ticket.language:
            ticket = ticket_language_set(ticket=ticket, language=language, actor=actor)
        if "tags" in changes:
            ticket = ticket_set_tags(ticket=ticket, actor=actor, tags=changes["tags"])
        if custom:
            try:
                ticket_fields_set(ticket=ticket, actor=actor, values=custom)
            except ValidationError as error:
                # Checked by the form already; a definition that changed meanwhile is refused so.
                raise DomainError("; ".join(error.messages), code="invalid") from error
        if "status" in changes:
            ticket = ticket_set_status(ticket=ticket, actor=actor, status=changes["status"])
    return ticket


def ticket_entry_send(
    *,
    ticket: Ticket,
    author: User,
    kind: str,
    body: str,
    attachments: Sequence[IncomingFile] = (),
    status: str = "",
    macro: Macro | None = None,
    seen: int | None = None,
) -> TimelineEntry | Posted:
    """The composer's "Send" and "Send as <status>": the reply (or note), the actions of the macro the
    agent inserted (listed under the composer before sending), and the status, in one transaction.

    The macro's actions run first, so a status chosen on the button is the one the ticket ends in. A
    note changes no status (the form refuses one). A live chat's message goes through the chat
    service, which numbers it and pushes it to the visitor's widget. `seen`: the last entry on the
    agent's page; a reply over a newer customer message or another's reply is refused, nothing written
    (tickets.services.ReplyCollision; a note is never refused so).
    """
    is_note = kind == EntryKind.INTERNAL_NOTE
    seen = None if is_note else seen
    with _together():
        if macro is not None:
            macro_actions_apply(macro=macro, ticket=ticket, actor=author)
        conversation = Conversation.objects.filter(ticket=ticket).values_list("pk", flat=True).first()
        if conversation is not None:
            entry = chat_message_post(
                conversation_id=conversation,
                body=body,
                client_id=uuid.uuid4().hex,
                agent=author,
                internal=is_note,
                attachments=attachments,
                seen=seen,
            )
            if not is_note and status:
                ticket_set_status(ticket=ticket, actor=author, status=status)
            return entry
        if is_note:
            return ticket_note(ticket=ticket, author=author, body=body, attachments=attachments)
        return ticket_reply(
            ticket=ticket,
            author=author,
            body=body,
            attachments=attachments,
            status=status or None,
            seen=seen,
        )
