import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def satoshi(db):
    return CustomerFactory.create(name="Satoshi N", email="satoshi@mail.example", phone="+44 7700 900123")


def _detail(client: Client, customer) -> str:
    response = client.get(reverse("customers:customer-detail", args=[customer.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _reveal(client: Client, customer, reason: str, **headers):
    return client.post(
        reverse("customers:customer-reveal", args=[customer.pk]), {"reason": reason}, headers=headers
    )


def test_agents_see_contact_details_masked_and_nothing_is_audited(agent_client: Client, satoshi):
    page = _detail(agent_client, satoshi)
    assert "satoshi@mail.example" not in page
    assert "s•••@mail.example" in page
    assert "•••• 23" in page
    assert "+44 7700 900123" not in page
    assert not AuditEvent.objects.filter(action="customer.pii_viewed").exists()


def test_the_ticket_page_masks_them_too(agent_client: Client, satoshi):
    ticket = TicketFactory.create(customer=satoshi)
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    assert "satoshi@mail.example" not in page
    assert "s•••@mail.example" in page


def test_revealing_needs_a_reason(agent_client: Client, satoshi):
    response = _reveal(agent_client, satoshi, "")
    assert response.status_code == 400
    assert "satoshi@mail.example" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="customer.pii_viewed").exists()


def test_revealing_with_a_reason_shows_them_once_and_records_who_and_why(
    agent_client: Client, agent, satoshi
):
    response = _reveal(agent_client, satoshi, "calling back about HD-000042")
    assert response.status_code == 200
    assert "satoshi@mail.example" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="customer.pii_viewed")
    assert event.actor == agent
    assert event.after == {"fields": ["email", "phone"], "reason": "calling back about HD-000042"}

    # Nothing keeps them revealed: the next page view is masked again.
    assert "satoshi@mail.example" not in _detail(agent_client, satoshi)


def test_revealing_in_place_answers_with_the_contact_block_only(agent_client: Client, satoshi):
    response = _reveal(agent_client, satoshi, "verifying a call", **{"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="contact-{satoshi.pk}"')
    assert "satoshi@mail.example" in body


def test_partner_agents_get_no_reveal_control_and_a_forged_reveal_is_forbidden(
    partner_client: Client, partner_team, satoshi
):
    TicketFactory.create(customer=satoshi, team=partner_team)
    page = _detail(partner_client, satoshi)
    assert f"customers/{satoshi.pk}/reveal/" not in page
    assert "not shown to partner teams" in page

    response = _reveal(partner_client, satoshi, "just curious")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="customer.pii_viewed").exists()


def test_supervisors_see_them_unmasked_and_every_view_is_audited(
    supervisor_client: Client, supervisor, satoshi
):
    page = _detail(supervisor_client, satoshi)
    assert "satoshi@mail.example" in page
    _detail(supervisor_client, satoshi)
    assert AuditEvent.objects.filter(action="customer.pii_viewed", actor=supervisor).count() == 2
