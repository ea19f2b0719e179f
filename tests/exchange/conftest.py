from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import User
from customers.models import Customer
from exchange.reference import scenario
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket
from tickets.models import Ticket

LOCK_REASON = "Hold after <b>password</b> change"


@dataclass
class PanelWorld:
    customer: Customer
    ticket: Ticket
    hidden_ticket: Ticket
    users: dict[str, User]
    deposit_address: str
    withdrawal_address: str
    tx_hash: str


@pytest.fixture
def panel_world(db: None) -> PanelWorld:
    """A customer with a locked account, a deposit stuck on a suspended network, a withdrawal with a
    memo, a security event; a user of every role. The partner's team holds `ticket`, not `hidden_ticket`."""
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    users: dict[str, Any] = {
        "partner": partner,
        "agent": make_agent(username="alice"),
        "supervisor": make_agent(username="sam", role="supervisor"),
        "admin": make_agent(username="ada", role="admin"),
    }
    customer = make_customer(external_id="EX-P1")
    ticket = make_ticket(customer=customer, subject="SOL deposit missing")
    Ticket.objects.filter(pk=ticket.pk).update(team=partner_team)
    hidden_ticket = make_ticket(customer=customer, subject="Another case")
    Ticket.objects.filter(pk=hidden_ticket.pk).update(team=None)

    scenario.ensure_catalogue()
    acc = scenario.add_account("EX-P1", vip_level="vip2", kyc_level=2, flags=["under_review"])
    scenario.lock_withdrawals(acc, LOCK_REASON)
    scenario.set_network_status("solana", deposits_suspended=True, message="Solana deposits paused")
    deposit = scenario.add_transfer(
        acc, direction="deposit", asset="SOL", network="solana", amount="40", status="pending",
        confirmations=1, created_at=scenario.ago(hours=2),
    )  # fmt: skip
    withdrawal = scenario.add_transfer(
        acc, direction="withdrawal", asset="XRP", network="xrp", amount="250", status="queued",
        memo="987654321", created_at=scenario.ago(hours=1),
    )  # fmt: skip
    scenario.add_security_event(acc, "new_device", detail="New device: Android, Lagos")
    return PanelWorld(
        customer=customer,
        ticket=ticket,
        hidden_ticket=hidden_ticket,
        users=users,
        deposit_address=deposit.address,
        withdrawal_address=withdrawal.address,
        tx_hash=deposit.tx_hash,
    )
