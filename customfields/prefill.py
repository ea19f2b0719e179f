"""Fields filled from what triage read in the customer's messages, by the system, only where empty.

Triage's look-up task calls `ticket_fields_prefill` after it looked the ticket's mentions up (in the
worker, never in intake's hot path). The first mention of each kind fills:

- the active field of type txid with the first transaction hash; of type address with the first address;
- a field keyed `network` (text, or a choice whose option is the network's name, any case);
- a field keyed `asset` (text or choice) and one keyed `amount` (decimal) from the first amount.

A value a person set is never replaced: only empty fields are filled (`only_empty`), audited as
`system:triage`. A value the field refuses (a choice without that option) is left out.
"""

from typing import Any

from django.core.exceptions import ValidationError

from customfields.models import FieldDefinition, FieldType
from customfields.services import ticket_fields_set
from customfields.values import clean_value
from tickets.models import Status, Ticket
from triage.models import Mention


def _option(field: FieldDefinition, value: str) -> str | None:
    if field.type == FieldType.SELECT:
        return next((o for o in field.options if o.lower() == value.lower()), None)
    return value if field.type == FieldType.TEXT else None


def _wanted(fields: list[FieldDefinition], mentions: list[Mention]) -> dict[str, Any]:
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.kind, mention)
    by_type: dict[str, FieldDefinition] = {}
    for field in fields:
        by_type.setdefault(field.type, field)
    by_key = {field.key: field for field in fields}
    wanted: dict[str, Any] = {}
    if "tx_hash" in first and FieldType.TXID in by_type:
        wanted[by_type[FieldType.TXID].key] = first["tx_hash"].value
    if "address" in first and FieldType.ADDRESS in by_type:
        wanted[by_type[FieldType.ADDRESS].key] = first["address"].value
    network = next((m.network for m in mentions if m.network), "")
    if network and "network" in by_key:
        wanted["network"] = _option(by_key["network"], network)
    amount = first.get("amount")
    if amount is not None and amount.asset and "asset" in by_key:
        wanted["asset"] = _option(by_key["asset"], amount.asset)
    amount_field = by_key.get("amount")
    if (
        amount is not None
        and amount.amount is not None
        and amount_field
        and amount_field.type == FieldType.DECIMAL
    ):
        wanted["amount"] = format(amount.amount, "f")
    clean: dict[str, Any] = {}
    for key, value in wanted.items():
        if value is None:
            continue
        try:
            clean_value(by_key[key], value)
        except ValidationError:
            continue
        clean[key] = value
    return clean


def ticket_fields_prefill(*, ticket_id: int) -> dict[str, Any]:
    """Fill the ticket's empty fields from its mentions; the values written (key -> value)."""
    prefillable = FieldDefinition.objects.filter(is_active=True).filter(
        type__in=[FieldType.TXID, FieldType.ADDRESS]
    ) | FieldDefinition.objects.filter(is_active=True, key__in=["network", "asset", "amount"])
    candidates = list(prefillable)
    if not candidates:
        return {}
    ticket = Ticket.objects.filter(pk=ticket_id).only("pk", "team_id", "category", "status").first()
    if ticket is None or ticket.status == Status.CLOSED:
        return {}
    fields = [f for f in candidates if f.applies_to(team_id=ticket.team_id, category=ticket.category)]
    mentions = list(Mention.objects.filter(ticket_id=ticket_id).exclude(kind="memo"))
    wanted = _wanted(fields, mentions)
    if not wanted:
        return {}
    return ticket_fields_set(ticket=ticket, actor=None, values=wanted, only_empty=True)
