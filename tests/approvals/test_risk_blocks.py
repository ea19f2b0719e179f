"""High risk blocks the one-person paths that would help a takeover: revealing a customer's contact
details (page and API), changing their contact email or phone through the API, and putting a new
address in copy of the case's email conversation. Low risk, or a solved case, blocks nothing."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from approvals.models import RiskAssessment, RiskLevel, RiskTrigger
from audit.models import AuditEvent
from customers.models import Customer
from helpdesk.errors import DomainError
from mail.models import MailThread
from mail.services.threads import thread_copy_add
from tests.factories import make_customer, make_ticket
from tickets.models import Channel, EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db

BLOCKED = "assessed as high risk of account takeover"


def _assess(ticket: Ticket, level: str) -> RiskAssessment:
    return RiskAssessment.objects.create(
        ticket=ticket, trigger=RiskTrigger.MESSAGE, level=level, score=80, created_at=timezone.now()
    )


@pytest.fixture
def satoshi() -> Customer:
    return make_customer(email="satoshi@mail.example", phone="+44 7700 900123")


def _reveal(client: Client, customer: Customer) -> Any:
    return client.post(reverse("customers:customer-reveal", args=[customer.pk]), {"reason": "call back"})


def test_revealing_contact_details_is_blocked_while_a_case_is_high(
    agent_client: Client, satoshi: Customer
) -> None:
    _assess(make_ticket(customer=satoshi), RiskLevel.HIGH)

    response = _reveal(agent_client, satoshi)

    assert response.status_code == 400
    assert BLOCKED in response.content.decode()
    assert "satoshi@mail.example" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="customer.pii_viewed").exists()


def test_the_newest_assessment_decides_and_a_solved_case_blocks_nothing(
    agent_client: Client, satoshi: Customer
) -> None:
    ticket = make_ticket(customer=satoshi)
    _assess(ticket, RiskLevel.HIGH)
    _assess(ticket, RiskLevel.LOW)
    assert _reveal(agent_client, satoshi).status_code == 200

    _assess(ticket, RiskLevel.HIGH)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.SOLVED)
    assert _reveal(agent_client, satoshi).status_code == 200


def test_the_api_refuses_to_reveal_while_a_case_is_high(agent: Any, satoshi: Customer) -> None:
    _assess(make_ticket(customer=satoshi), RiskLevel.HIGH)
    client = APIClient()
    client.force_authenticate(agent)

    response = client.post(f"/api/customers/{satoshi.pk}/reveal/", {"reason": "call back"}, format="json")

    assert response.status_code == 403
    assert BLOCKED in response.content.decode()


def test_a_supervisor_cannot_change_the_contact_email_alone_while_a_case_is_high(
    supervisor: Any, satoshi: Customer
) -> None:
    _assess(make_ticket(customer=satoshi), RiskLevel.HIGH)
    client = APIClient()
    client.force_authenticate(supervisor)

    email = client.patch(f"/api/customers/{satoshi.pk}/", {"email": "new@evil.example"}, format="json")
    name = client.patch(f"/api/customers/{satoshi.pk}/", {"name": "Satoshi Nakamoto"}, format="json")

    assert email.status_code == 403 and BLOCKED in email.content.decode()
    assert name.status_code == 200
    satoshi.refresh_from_db()
    assert (satoshi.email, satoshi.name) == ("satoshi@mail.example", "Satoshi Nakamoto")


def _copy_offer(ticket: Ticket) -> Any:
    return ticket.entries.create(
        kind=EntryKind.CUSTOMER_MESSAGE,
        channel=Channel.EMAIL,
        body="please also write to my new address",
        created_at=timezone.now(),
        data={
            "email": {
                "from": "satoshi@mail.example",
                "to": ["help@desk.example"],
                "cc": ["new@evil.example"],
                "offer": [2],
            }
        },
    )


def test_a_new_address_is_not_put_in_copy_of_a_high_risk_case(agent: Any, satoshi: Customer) -> None:
    ticket = make_ticket(customer=satoshi)
    entry = _copy_offer(ticket)
    _assess(ticket, RiskLevel.HIGH)

    with pytest.raises(DomainError) as refused:
        thread_copy_add(entry=entry, index=2, actor=agent)

    assert BLOCKED in refused.value.message
    assert not MailThread.objects.filter(ticket=ticket, cc__contains=["new@evil.example"]).exists()


def test_a_new_address_is_put_in_copy_of_a_low_risk_case(agent: Any, satoshi: Customer) -> None:
    ticket = make_ticket(customer=satoshi)
    entry = _copy_offer(ticket)
    _assess(ticket, RiskLevel.MEDIUM)

    assert thread_copy_add(entry=entry, index=2, actor=agent) == "new@evil.example"
