"""One customer on the reference exchange and the reference chains, writing about one transaction.

`case(...)` sets the exchange's records, opens the ticket through intake (the triage step queues the
look-up, which runs eagerly after the commit against both servers over real HTTP) and returns the
ticket with its stored triage.
"""

from decimal import Decimal
from typing import Any, cast

from customers.models import Customer
from exchange.reference import scenario as exchange
from intake.pipeline import ticket_open
from tests.factories import CustomerFactory
from tickets.models import Ticket
from triage.chains.reference.evm import ACCOUNTS
from triage.chains.reference.scenarios import SCENARIO
from triage.models import TicketTriage

EXTERNAL_ID = "EX-770001"
DEPOSIT = ACCOUNTS["deposit"]  # the deposit address the exchange issued the customer on EVM networks
CUSTOMER_WALLET = ACCOUNTS["customer"]
ETH = SCENARIO["ethereum"]
XRP = SCENARIO["xrp"]


def customer(*, language: str = "en") -> Customer:
    exchange.ensure_catalogue()
    exchange.add_account(EXTERNAL_ID)
    exchange.add_deposit_address(EXTERNAL_ID, "USDT", "ethereum", address=DEPOSIT)
    exchange.add_deposit_address(EXTERNAL_ID, "ETH", "ethereum", address=DEPOSIT)
    found = Customer.objects.filter(external_id=EXTERNAL_ID).first()
    return found or cast(Customer, CustomerFactory(external_id=EXTERNAL_ID, language=language))


def deposit(
    tx_hash: str, *, asset: str = "USDT", network: str = "ethereum", amount: str = "250", **fields: Any
):
    fields.setdefault("address", DEPOSIT)
    customer()
    return exchange.add_transfer(
        EXTERNAL_ID,
        direction="deposit",
        asset=asset,
        network=network,
        amount=Decimal(amount),
        tx_hash=tx_hash,
        **fields,
    )


def withdrawal(
    tx_hash: str, *, asset: str = "USDT", network: str = "ethereum", amount: str = "500", **fields: Any
):
    fields.setdefault("address", CUSTOMER_WALLET)
    customer()
    return exchange.add_transfer(
        EXTERNAL_ID,
        direction="withdrawal",
        asset=asset,
        network=network,
        amount=Decimal(amount),
        tx_hash=tx_hash,
        **fields,
    )


def write(body: str, *, language: str = "en", subject: str = "Where is my money?") -> Ticket:
    ticket = ticket_open(customer=customer(language=language), subject=subject, body=body, language=language)
    return ticket


def triage_of(ticket: Ticket) -> TicketTriage:
    return TicketTriage.objects.get(ticket=ticket)


def codes(ticket: Ticket) -> list[str]:
    return [d["code"] for d in triage_of(ticket).diagnoses]
