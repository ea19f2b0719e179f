"""Portal fixtures: a customer the exchange signs, their tickets opened through intake, and a browser
client signed in to the portal as the exchange links them in."""

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from customers.models import Customer
from livechat.identity import identity_sign
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tickets.models import Ticket
from tickets.services import ticket_reply


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Portal sessions, used identities and reply counters live in the cache, which outlives tests.
    cache.clear()


def identity_for(external_id: str, *, lifetime: int = 600, **claims: Any) -> str:
    return identity_sign({"sub": external_id, "exp": int(time.time()) + lifetime, **claims})


@pytest.fixture
def customer(db: None) -> Customer:
    return make_customer(external_id="EX-PORTAL-1", name="Ana Souza", language="en")


@pytest.fixture
def other_customer(db: None) -> Customer:
    return make_customer(external_id="EX-PORTAL-2", name="Bo Chen", language="en")


@pytest.fixture
def ticket(customer: Customer) -> Ticket:
    team = make_team(name="Wallets desk", slug="wallets-desk", languages=["en"])
    return make_ticket(
        customer=customer, subject="USDT withdrawal pending", body="Still pending after 2 hours.", team=team
    )


@pytest.fixture
def replied(ticket: Ticket) -> Ticket:
    agent = make_agent(username="emma.w", first_name="Emma", last_name="Watson-Private")
    ticket_reply(ticket=ticket, author=agent, body="We are checking with the wallet team.")
    return ticket


@pytest.fixture
def sign_in() -> Callable[..., Client]:
    """A browser signed in to the portal as `customer`, through /portal/enter/ as the exchange links."""

    def signed_in(customer: Customer, client: Client | None = None, **claims: Any) -> Client:
        client = client or Client()
        response = client.get("/portal/enter/", {"identity": identity_for(customer.external_id, **claims)})
        assert response.status_code == 302, response.content[:300]
        return client

    return signed_in


@pytest.fixture
def portal(customer: Customer, sign_in: Callable[..., Client]) -> Client:
    return sign_in(customer)
