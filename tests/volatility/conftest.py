"""Arrivals built by hand: ticket rows at chosen times, without the intake pipeline (only
`created_at` counts for volatility)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role
from customers.models import Customer
from tests.factories import make_agent, make_customer
from tickets.models import Ticket
from volatility.models import MarketEvent

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """An aware UTC time from "2026-11-30 10:15"."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def arrive(when: dt.datetime, count: int, customer: Customer | None = None) -> None:
    customer = customer or make_customer()
    Ticket.objects.bulk_create(
        [
            Ticket(subject=f"Arrival {i}", customer=customer, created_at=when, updated_at=when)
            for i in range(count)
        ]
    )


def event(start: dt.datetime, end: dt.datetime | None, **extra: Any) -> MarketEvent:
    now = timezone.now()
    return MarketEvent.objects.create(
        title=extra.pop("title", "BTC flash crash"),
        start=start,
        end=end,
        created_by=extra.pop("created_by", None) or make_agent(username="marker", role=Role.SUPERVISOR),
        created_at=now,
        updated_at=now,
        **extra,
    )


@pytest.fixture
def supervisor(db: None) -> Any:
    return make_agent(username="sue", role=Role.SUPERVISOR)


@pytest.fixture
def admin(db: None) -> Any:
    return make_agent(username="ada", role=Role.ADMIN)


@pytest.fixture
def agent(db: None) -> Any:
    return make_agent(username="al")
