"""The widget's demo page (a mock exchange page) links its signed-in customer to the portal."""

import re

import pytest
from django.test import Client

from customers.models import Customer
from livechat.views import DEMO_CUSTOMER

pytestmark = pytest.mark.django_db


def test_the_demo_pages_link_signs_the_demo_customer_in_to_the_portal() -> None:
    client = Client()
    page = client.get("/chat/demo/?lang=es").content.decode()
    link = re.search(r'href="(/portal/enter/\?identity=[^"]+)"', page)
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 302
    tickets = client.get("/portal/")
    assert tickets.status_code == 200
    assert 'lang="es"' in tickets.content.decode()
    assert Customer.objects.filter(external_id=DEMO_CUSTOMER["sub"]).exists()


def test_the_anonymous_demo_page_has_no_portal_link() -> None:
    assert "/portal/enter/" not in Client().get("/chat/demo/?as=guest").content.decode()
