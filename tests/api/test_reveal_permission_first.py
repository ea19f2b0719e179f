"""A partner agent asking to reveal contact details is refused for their role, whatever they send: the
role is checked before the reason, so no answer depends on the request's contents."""

import pytest

from audit.models import AuditEvent
from customers.services import customer_contact_revealed
from helpdesk.errors import DomainError
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "x" * 600}, {"reason": "ok", "extra": 1}])
def test_a_partner_agent_is_refused_a_reveal_whatever_the_body(partner_client, partner_team, customer, body):
    TicketFactory.create(customer=customer, team=partner_team)
    response = partner_client.post(f"/api/customers/{customer.pk}/reveal/", body, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "forbidden"
    assert not AuditEvent.objects.filter(action="customer.pii_viewed").exists()


def test_the_reveal_service_refuses_a_partner_agent_before_asking_for_a_reason(partner, customer):
    with pytest.raises(DomainError) as refused:
        customer_contact_revealed(customer=customer, actor=partner, reason="")
    assert refused.value.code == "forbidden"
