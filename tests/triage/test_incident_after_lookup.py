"""Once the look-up finds where the customer's transfer stands, triage hands the facts to incident mode:
a ticket about a withdrawal the exchange holds queued on an incident's network is linked to it, even
when the message itself named neither the network nor a withdrawal."""

import pytest

from customers.models import Customer
from exchange.reference import scenario as exchange
from exchange.reference.addresses import address_for
from incidents.models import IncidentLink, LinkSource
from intake.pipeline import ticket_open
from tests.factories import CustomerFactory, make_agent
from tests.incidents.conftest import declare_tron
from tickets.models import EntryKind, TimelineEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EXTERNAL_ID = "EX-880001"


def _customer_with_a_queued_withdrawal(status: str = "queued") -> tuple[Customer, str]:
    destination = address_for("tron", "incident-after-lookup")
    exchange.ensure_catalogue()
    exchange.add_account(EXTERNAL_ID)
    exchange.add_transfer(
        EXTERNAL_ID,
        direction="withdrawal",
        asset="USDT",
        network="tron",
        amount="900",
        status=status,
        address=destination,
    )
    return CustomerFactory.create(external_id=EXTERNAL_ID, language="en"), destination


def test_a_withdrawal_queued_on_the_incidents_network_links_the_ticket_after_the_look_up(
    reference_exchange, reference_chains
):
    incident = declare_tron(make_agent(username="sam", role="supervisor"))
    customer, destination = _customer_with_a_queued_withdrawal()

    ticket = ticket_open(
        customer=customer, subject="Help", body=f"Where is my money? It went to {destination}"
    )

    link = IncidentLink.objects.get(ticket=ticket)
    assert (link.incident_id, link.source) == (incident.pk, LinkSource.TRIAGE)
    assert "withdrawals" in link.reason
    # Answered once with the incident's notice.
    assert TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY).count() == 1


def test_a_withdrawal_that_arrived_is_not_linked(reference_exchange, reference_chains):
    declare_tron(make_agent(username="sam", role="supervisor"))
    customer, destination = _customer_with_a_queued_withdrawal(status="completed")

    ticket = ticket_open(
        customer=customer, subject="Help", body=f"Where is my money? It went to {destination}"
    )

    assert not IncidentLink.objects.filter(ticket=ticket).exists()
