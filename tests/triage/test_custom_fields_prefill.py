"""The look-up task fills a ticket's empty custom fields from the customer's message: the hash, the
network, the asset and the amount, audited as the system; what a person set stays (docs/custom-fields.md)."""

import pytest

from audit.models import AuditEvent
from customfields.models import FieldValue
from customfields.services import field_define, ticket_fields_set
from tests.factories import make_agent
from triage.tasks import triage_lookup_task

from .scenario import ETH, deposit, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_triage_step", "reference_chains"),
]


def _values(ticket) -> dict:
    return {v.field.key: v.value for v in FieldValue.objects.filter(ticket=ticket).select_related("field")}


def test_the_look_up_fills_empty_fields_from_the_message_and_keeps_what_an_agent_set(reference_exchange):
    admin = make_agent(username="ada", role="admin")
    field_define(actor=admin, key="txid", label="TxID", type="txid")
    field_define(actor=admin, key="network", label="Network", type="select", options=["Ethereum", "Tron"])
    field_define(actor=admin, key="asset", label="Asset", type="text")
    field_define(actor=admin, key="amount", label="Amount", type="decimal")
    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"I sent 250.5 USDT on ERC20, tx {ETH['usdt_deposit']}, not credited")
    assert triage_lookup_task.delay(ticket.pk).get() == "done"
    values = _values(ticket)
    assert values["txid"] == ETH["usdt_deposit"].lower()
    assert values["network"] == "Ethereum"
    assert values["asset"] == "USDT"
    assert str(values["amount"]).rstrip("0") == "250.5"
    system = AuditEvent.objects.filter(action="ticket.fields_changed", actor_label="system:triage")
    assert system.count() == 1 and set(system.get().after or {}) == {"txid", "network", "asset", "amount"}
    # An agent corrects the asset and empties the network: the next look-up keeps the asset and fills
    # the network again, the one empty field.
    ticket_fields_set(ticket=ticket, actor=admin, values={"asset": "USDC", "network": None})
    triage_lookup_task.delay(ticket.pk).get()
    values = _values(ticket)
    assert values["asset"] == "USDC"
    assert values["network"] == "Ethereum"
    assert system.count() == 2
