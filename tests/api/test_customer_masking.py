"""Contact details are masked for agents, shown to supervisors with an audit row, never listed."""

import pytest

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _pii_views(customer):
    return AuditEvent.objects.filter(action="customer.pii_viewed", object_id=str(customer.pk))


def test_an_agent_sees_masked_contact_details_and_nothing_is_audited(api_client, customer):
    response = api_client.get(f"/api/customers/{customer.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == f"c•••@{customer.email.split('@')[1]}"
    assert body["phone"] == f"•••• {customer.phone[-2:]}"
    assert body["pii_masked"] is True
    assert customer.email not in response.content.decode()
    assert not _pii_views(customer).exists()


def test_a_supervisor_sees_one_customer_unmasked_and_each_view_is_audited(
    supervisor_client, supervisor, customer
):
    for _ in range(2):
        body = supervisor_client.get(f"/api/customers/{customer.pk}/").json()
        assert (body["email"], body["phone"], body["pii_masked"]) == (customer.email, customer.phone, False)
    views = list(_pii_views(customer))
    assert len(views) == 2
    assert all(v.actor == supervisor for v in views)


def test_lists_are_masked_even_for_supervisors(supervisor_client, customer):
    response = supervisor_client.get("/api/customers/")
    (row,) = response.json()["results"]
    assert row["pii_masked"] is True
    assert customer.email not in response.content.decode()
    assert customer.phone not in response.content.decode()
    assert not _pii_views(customer).exists()


def test_an_agent_reveals_contact_details_with_a_reason_that_is_recorded(api_client, agent, customer):
    response = api_client.post(
        f"/api/customers/{customer.pk}/reveal/", {"reason": "Customer asked for a call back"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"email": customer.email, "phone": customer.phone, "masked": False}
    (view,) = _pii_views(customer)
    assert view.actor == agent
    assert view.after["reason"] == "Customer asked for a call back"


def test_revealing_without_a_reason_is_refused(api_client, customer):
    response = api_client.post(f"/api/customers/{customer.pk}/reveal/", {"reason": "  "}, format="json")
    assert response.status_code == 400
    assert not _pii_views(customer).exists()


def test_a_partner_agent_may_not_reveal_contact_details(partner_client, partner_team, customer):
    from tests.factories import TicketFactory

    TicketFactory.create(customer=customer, team=partner_team)
    response = partner_client.post(
        f"/api/customers/{customer.pk}/reveal/", {"reason": "curious"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["message"] == "your role may not see this customer's contact details"
    assert not _pii_views(customer).exists()
