"""A new case's SLA clock, inserted by the statement that opens the case (PostgreSQL).

`sla_recompute(new_ticket=True)` read the configuration's version (one statement) and inserted the
clock (another). Here the clock is computed the same way (`clock_advance` over a clock that starts
when the ticket does) from the configuration this process holds, before the ticket has an id, and
written as a part of the ticket's own statement (`tickets.services.ticket_create_with_entry`'s
`also`) only where that configuration is still the current one: the statement reads the version
itself, so the clock is exactly what a separate read would have given. A process that holds no
configuration yet reads it first; a version that moved writes no clock, and the pipeline's `sla`
step then starts it as before.

The steps between the write and that step may change the case (routing sets its team, tier and
priority): `ClockOpening.follow` computes the clock again then and writes it if it came out otherwise.
"""

import dataclasses
import datetime as dt
import functools
from typing import Any

from helpdesk import rows
from helpdesk.config_cache import held_token
from helpdesk.inserts import CteInsert, cte_insert, saved
from helpdesk.prepared import execute_prepared
from sla.config import CONFIG_NAME, sla_config
from sla.models import TicketClock
from sla.services.clock import Lookups, clock_advance, sla_recompute
from sla.services.clock import clock_facts as _facts
from tickets.models import Ticket, TimelineEntry

# Only where the configuration is the one the clock was computed with (see the module's docstring).
_CURRENT = "(SELECT v.token FROM helpdesk_configversion v WHERE v.name = %(clock_config)s) = %(clock_token)s"


def _started(ticket: Ticket, lookups: Lookups, now: dt.datetime) -> TicketClock:
    """The clock `sla_recompute(new_ticket=True)` inserts for a case without a first response."""
    clock = TicketClock(
        ticket=ticket,
        opened_at=ticket.created_at,
        counted_until=ticket.created_at,
        calendar_id=lookups.calendar_id_for_team(ticket.team_id),
    )
    clock_advance(clock, ticket, conversation=(None, None), now=now, lookups=lookups)
    return clock


def _stored(clock: TicketClock) -> tuple[object, ...]:
    return tuple(
        getattr(clock, f.attname) for f in TicketClock._meta.concrete_fields if f.name != "updated_at"
    )


@dataclasses.dataclass
class ClockOpening:
    """One new case's clock: `write` is given to the case's statement, `follow` runs as its SLA step."""

    clock: TicketClock | None = None
    _lookups: Lookups | None = None
    _facts: tuple[object, ...] = ()

    def write(self, ticket: Ticket, entry: TimelineEntry) -> CteInsert | None:
        token = held_token(CONFIG_NAME)
        if token is None:
            sla_config()  # this process holds none yet: read it (one statement), kept under its version
            token = held_token(CONFIG_NAME)
            if token is None:
                return None
        lookups = Lookups()
        lookups.checked(token)
        clock = _started(ticket, lookups, ticket.created_at)
        self._lookups, self._facts = lookups, _facts(ticket)
        return cte_insert(
            clock,
            "clock",
            refs={"ticket_id": "ticket.id"},
            sources=("ticket",),
            where=_CURRENT,
            params={"clock_config": CONFIG_NAME, "clock_token": token},
            written=functools.partial(self._written, clock),
        )

    def _written(self, clock: TicketClock, key: Any) -> None:
        if key is not None:
            saved(clock, key)
            self.clock = clock

    def follow(self, ticket: Ticket, *, now: dt.datetime, entry: TimelineEntry | None) -> TicketClock:
        """The clock of the case as the steps left it: `sla_recompute(new_ticket=True)`'s, written."""
        if self.clock is None or self._lookups is None:
            # Not written with the case (another database, files, a configuration that moved).
            return sla_recompute(ticket=ticket, now=now, entry=entry, new_ticket=True)
        if _facts(ticket) == self._facts:
            return self.clock
        if ticket.first_response_at is not None:
            # A step answered the customer already: the recompute reads the conversation.
            return sla_recompute(ticket=ticket, now=now, entry=entry)
        fresh = _started(ticket, self._lookups, now)
        if _stored(fresh) != _stored(self.clock):
            saved(fresh, ticket.pk)
            execute_prepared(rows.update_sql(TicketClock), rows.update_params(fresh))
            self.clock = fresh
        return self.clock
