"""Triage's Celery tasks. The look-up task also hands the facts it found (networks, assets, where each
transfer stands at the exchange) to incident mode, which links the ticket to an active incident they
match: "TRC-20 withdrawals delayed" takes a ticket whose withdrawal the exchange shows queued on Tron,
even when the customer's message named neither."""

import logging
from collections.abc import Iterable
from typing import Any

from celery import shared_task

from customfields.prefill import ticket_fields_prefill
from incidents.linking import incident_link_matching
from tickets.models import Status
from triage.models import TicketTriage
from triage.services import triage_lookup, triage_stalled_requeue

logger = logging.getLogger(__name__)


# Queued once per new case and never waited on: no result kept, so publishing it does not subscribe
# to a result channel in Redis (a third of a publish's CPU).
@shared_task(acks_late=True, ignore_result=True)
def triage_lookup_task(ticket_id: int) -> str:
    """Look up a ticket's mentions at the exchange and on chain; the state it stored ("" when a newer
    look-up superseded it or the ticket has no triage)."""
    triage = triage_lookup(ticket_id=ticket_id)
    if triage is None:
        return ""
    try:
        # The hash, address, network, asset and amount read become the ticket's empty custom fields.
        ticket_fields_prefill(ticket_id=ticket_id)
    except Exception:
        logger.exception("custom fields of ticket %s were not prefilled", ticket_id)
    if triage.ticket.status not in (Status.SOLVED, Status.CLOSED):
        networks, assets, statuses = incident_facts(triage)
        if networks and statuses:
            incident_link_matching(triage.ticket, networks=networks, assets=assets, statuses=statuses)
    return triage.state


def incident_facts(triage: TicketTriage) -> tuple[list[str], list[str], list[str]]:
    """The networks, assets and transfer states (`"withdrawal:queued"`) the look-up found."""
    networks: list[str] = []
    assets: list[str] = []
    statuses: list[str] = []

    def transfer(record: Any) -> None:
        if not isinstance(record, dict):
            return
        for value, into in ((record.get("network"), networks), (record.get("asset"), assets)):
            if isinstance(value, str) and value:
                into.append(value)
        direction, status = record.get("direction"), record.get("status")
        if isinstance(direction, str) and isinstance(status, str) and direction and status:
            statuses.append(f"{direction}:{status}")

    lookups: Iterable[Any] = (triage.facts or {}).get("lookups") or ()
    for lookup in lookups:
        if not isinstance(lookup, dict):
            continue
        if isinstance(lookup.get("network"), str) and lookup["network"]:
            networks.append(lookup["network"])
        exchange = lookup.get("exchange") or {}
        transfer(exchange.get("transfer"))
        for record in exchange.get("transfers") or ():
            transfer(record)
    return list(dict.fromkeys(networks)), list(dict.fromkeys(assets)), list(dict.fromkeys(statuses))


@shared_task(acks_late=True)
def triage_stalled_sweep_task() -> int:
    """Look-ups lost on their way to a worker, and those a source did not answer whose retry is due
    (1, 2, 4 minutes after, at most 3 times), are queued again (beat, every minute)."""
    return triage_stalled_requeue()
