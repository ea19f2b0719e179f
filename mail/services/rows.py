"""The message row at both ends of processing: locked with its mailbox and team when the work starts,
written once when it ends. Both run for every message, and the ORM compiled them anew each time (a
select_related over three tables with a subquery, an UPDATE of nine or eleven columns), which cost
more Python than the rest of the channel's statements together. Here the text is written once per
process (`helpdesk.rows`) and prepared on the connection (`helpdesk.prepared`), as live chat's hot
statements are. Elsewhere than on PostgreSQL the ORM does the same work.
"""

import functools
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Subquery

from helpdesk import rows
from helpdesk.models import ConfigVersion
from helpdesk.prepared import execute_prepared
from mail.models import InboundMessage, Mailbox
from tickets.models import EntryKind, TimelineEntry

_Team: Any = Mailbox._meta.get_field("team").related_model


def message_locked(pk: int, *, config: str) -> InboundMessage:
    """The message, locked (not its mailbox or team), with its mailbox and team, and the `config`
    configuration token as `mail_config` (None when there is none yet). DoesNotExist if it is gone."""
    if connection.vendor != "postgresql":
        token = ConfigVersion.objects.filter(name=config).values("token")[:1]
        found = (
            InboundMessage.objects.select_for_update(of=("self",))
            .select_related("mailbox__team")
            .annotate(mail_config=Subquery(token))
        )
        return found.get(pk=pk)
    row, _names = execute_prepared(_lock_sql(), {"pk": pk, "config": config})
    if row is None:
        raise InboundMessage.DoesNotExist(f"inbound message {pk} does not exist")
    message_end = rows.width(InboundMessage)
    mailbox_end = message_end + rows.width(Mailbox)
    message = rows.instance(InboundMessage, row[:message_end])
    mailbox = None
    if message.mailbox_id is not None:
        mailbox = rows.instance(Mailbox, row[message_end:mailbox_end])
        team = rows.instance(_Team, row[mailbox_end:-1]) if mailbox.team_id is not None else None
        Mailbox.team.field.set_cached_value(mailbox, team)
    InboundMessage.mailbox.field.set_cached_value(message, mailbox)
    message.mail_config = row[-1]  # type: ignore[attr-defined]
    return message


def message_processed_save(message: InboundMessage, fields: list[str]) -> None:
    """UPDATE `fields` of the message, as `save(update_fields=fields)` does. The entry may be the new
    ticket's first customer message, not read yet: an expression (mail.services.inbound._first_entry),
    which the statement reads from the ticket."""
    first_entry = hasattr(message.entry_id, "resolve_expression")
    if connection.vendor != "postgresql":
        message.save(update_fields=fields)
        return
    written = [InboundMessage._meta.get_field(name) for name in fields]
    params: dict[str, Any] = {"pk": message.pk, "first_kind": EntryKind.CUSTOMER_MESSAGE.value}
    for field in written:
        if not (first_entry and field.name == "entry"):
            params[field.attname] = field.get_db_prep_save(field.pre_save(message, False), connection)  # type: ignore[union-attr]
    params.setdefault("ticket_id", message.ticket_id)
    row, _names = execute_prepared(_update_sql(tuple(fields), first_entry=first_entry), params)
    if row is None:
        raise DatabaseError("Save with update_fields did not affect any rows.")


@functools.cache
def _lock_sql() -> str:
    qn = connection.ops.quote_name
    mailbox_field: Any = InboundMessage._meta.get_field("mailbox")
    team_field: Any = Mailbox._meta.get_field("team")
    config = ConfigVersion._meta
    token = (
        f"(SELECT v.{qn('token')} FROM {qn(config.db_table)} v"  # noqa: S608
        f" WHERE v.{qn(str(config.pk.column))} = %(config)s LIMIT 1)"
    )
    return (
        f"SELECT {rows.columns(InboundMessage, 'm')}, {rows.columns(Mailbox, 'b')},"  # noqa: S608
        f" {rows.columns(_Team, 't')}, {token}"
        f" FROM {qn(InboundMessage._meta.db_table)} m"
        f" LEFT JOIN {qn(Mailbox._meta.db_table)} b ON b.{qn('id')} = m.{qn(mailbox_field.column)}"
        f" LEFT JOIN {qn(_Team._meta.db_table)} t ON t.{qn('id')} = b.{qn(team_field.column)}"
        f" WHERE m.{qn('id')} = %(pk)s FOR UPDATE OF m"
    )


@functools.cache
def _update_sql(fields: tuple[str, ...], *, first_entry: bool) -> str:
    qn = connection.ops.quote_name
    entries = TimelineEntry._meta
    sets = []
    for name in fields:
        field: Any = InboundMessage._meta.get_field(name)
        if first_entry and name == "entry":
            value = (
                f"(SELECT e.{qn('id')} FROM {qn(entries.db_table)} e"  # noqa: S608
                f" WHERE e.{qn('ticket_id')} = %(ticket_id)s AND e.{qn('kind')} = %(first_kind)s"
                f" ORDER BY e.{qn('id')} LIMIT 1)"
            )
        else:
            value = f"%({field.attname})s"
        sets.append(f"{qn(field.column)} = {value}")
    return (
        f"UPDATE {qn(InboundMessage._meta.db_table)} SET {', '.join(sets)}"  # noqa: S608
        f" WHERE {qn('id')} = %(pk)s RETURNING 1"
    )
