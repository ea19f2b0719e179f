"""A new case's channel, priority, category, tier and message format are each one of their choices,
checked before anything is written: anything else, an unhashable value included, is refused by name."""

from typing import Any

import pytest

from helpdesk.errors import DomainError
from tests.factories import make_customer
from tickets.models import Channel, Priority, Ticket
from tickets.services import ticket_create_with_entry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", "pigeon"),
        ("priority", 99),
        ("category", ["withdrawal"]),
        ("tier", {"tier": 1}),
        ("body_format", None),
    ],
)
def test_a_value_outside_its_choices_is_refused_before_anything_is_written(field: str, value: Any) -> None:
    customer = make_customer()
    with pytest.raises(DomainError, match=f"^{field} must be one of "):
        ticket_create_with_entry(customer=customer, subject="Hi", body="Hello", **{field: value})
    assert not Ticket.objects.exists()


def test_each_choice_is_taken() -> None:
    customer = make_customer()
    ticket, _entry = ticket_create_with_entry(
        customer=customer, subject="Hi", body="Hello", channel=Channel.PHONE, priority=Priority.URGENT.value
    )
    assert (ticket.channel, ticket.priority) == ("phone", Priority.URGENT)
