import pytest
from django.test import Client
from django.urls import reverse

from customers.models import AccountFlag, VipLevel
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

LIST = reverse("customers:customer-list")


def test_the_customer_list_finds_by_user_id_name_or_full_email(agent_client: Client):
    CustomerFactory.create(external_id="EX-777", name="Vitalik B", email="vb@mail.example")
    CustomerFactory.create(name="Someone Else")
    for query in ("ex-777", "vitalik", "VB@mail.example"):
        names = [c.name for c in agent_client.get(LIST, {"q": query}).context["customers"]]
        assert names == ["Vitalik B"], query
    assert agent_client.get(LIST, {"q": "vb@"}).context["customers"] == []


def test_the_list_filters_by_vip_level(agent_client: Client):
    CustomerFactory.create(name="Whale", vip_level=VipLevel.VIP3)
    CustomerFactory.create(name="Minnow")
    names = [c.name for c in agent_client.get(LIST, {"vip_level": VipLevel.VIP3}).context["customers"]]
    assert names == ["Whale"]


def test_partner_agents_list_only_the_customers_of_their_tickets(partner_client: Client, partner_team):
    served = CustomerFactory.create(name="Served")
    CustomerFactory.create(name="Not served")
    TicketFactory.create(customer=served, team=partner_team)
    names = [c.name for c in partner_client.get(LIST).context["customers"]]
    assert names == ["Served"]


def test_a_customer_page_shows_flags_and_their_tickets(agent_client: Client):
    customer = CustomerFactory.create(account_flags=[AccountFlag.COMPROMISED], vip_level=VipLevel.VIP1)
    ticket = TicketFactory.create(customer=customer, subject="Someone logged in from abroad")
    page = agent_client.get(reverse("customers:customer-detail", args=[customer.pk])).content.decode()
    assert "Suspected compromise" in page
    assert "VIP 1" in page
    assert ticket.reference in page
    assert "Someone logged in from abroad" in page


def test_a_customer_a_partner_does_not_serve_is_not_found(partner_client: Client):
    stranger = CustomerFactory.create()
    response = partner_client.get(reverse("customers:customer-detail", args=[stranger.pk]))
    assert response.status_code == 404
