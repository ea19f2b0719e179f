"""The demo triage tickets, seeded on the reference exchange's demo accounts and looked up over real HTTP
against the reference exchange and chains, each draw the diagnosis they are there to show; seeding again
opens nothing."""

import pytest

from customers.models import Customer
from exchange.reference.seed import demo_customers
from tests.factories import CustomerFactory
from tickets.models import Ticket
from triage.demo import CASES, seed_triage_demo
from triage.models import TicketTriage

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_triage_step", "reference_chains"),
]


def test_each_demo_ticket_draws_its_diagnosis_and_seeding_again_opens_nothing(reference_exchange):
    reference_exchange.seed()
    for spec in demo_customers():
        CustomerFactory(external_id=spec.external_id, name=spec.name, language=spec.language)

    assert seed_triage_demo() == len(CASES) >= 6

    got = {}
    for case in CASES:
        ticket = Ticket.objects.get(customer__external_id=case.external_id, subject=case.subject)
        triage = TicketTriage.objects.get(ticket=ticket)
        assert ticket.language == case.language
        got[case.subject] = (triage.state, [d["code"] for d in triage.diagnoses])
    assert got == {case.subject: ("done", [case.code]) for case in CASES}, got

    tickets, triages = Ticket.objects.count(), TicketTriage.objects.count()
    assert seed_triage_demo() == 0
    assert (Ticket.objects.count(), TicketTriage.objects.count()) == (tickets, triages)


def test_a_demo_customer_missing_from_the_helpdesk_is_skipped(reference_exchange):
    reference_exchange.seed()
    first = CASES[0]
    CustomerFactory(external_id=first.external_id, language=first.language)
    assert seed_triage_demo() == 1
    assert Customer.objects.count() == 1
    assert Ticket.objects.get().subject == first.subject
