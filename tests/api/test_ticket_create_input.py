"""A create's JSON is checked without building TicketCreateSerializer (workspace.serializers.
ticket_create_input): what it accepts is the serializer's `validated_data`, value for value, and
anything the serializer would refuse, or that needs the caller (team, assignee), goes to the serializer,
so the errors are its own."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import CustomerFactory
from tickets.models import Ticket
from workspace.serializers import TicketCreateSerializer, ticket_create_input

pytestmark = pytest.mark.django_db

LONG = "x" * 251


def _drf(data: Any, user: Any) -> dict[str, Any] | None:
    serializer = TicketCreateSerializer(data=data, context={"request": SimpleNamespace(user=user)})
    return dict(serializer.validated_data) if serializer.is_valid() else None


def _bodies(customer: Any) -> list[Any]:
    base = {"customer": customer.pk, "subject": "Withdrawal pending", "body": "Still pending."}
    return [
        base,
        {**base, "channel": "phone", "priority": "urgent", "category": "withdrawal", "tier": 2},
        {**base, "subject": "  padded  ", "body": "\n body \t", "language": " PT-BR ", "body_format": "html"},
        {**base, "tags": ["BTC", " deposit delay ", "x" * 50]},
        {**base, "tags": []},
        {"customer_external_id": customer.external_id, "subject": "By the exchange's id", "body": "Hi"},
        {**base, "subject": 12345, "body": 1.5},
        {**base, "customer": str(customer.pk)},
        {**base, "customer": float(customer.pk)},
        {**base, "tier": "2"},
        # Refused by the serializer, each for one reason.
        {},
        [base],
        "text",
        {**base, "subject": ""},
        {**base, "subject": "   "},
        {**base, "subject": None},
        {**base, "subject": LONG},
        {**base, "subject": "nul\x00byte"},
        {**base, "subject": "half \ud800 pair"},
        {**base, "subject": True},
        {**base, "subject": ["a"]},
        {**base, "body": {"text": "hi"}},
        {k: v for k, v in base.items() if k != "body"},
        {k: v for k, v in base.items() if k != "customer"},
        {**base, "customer_external_id": customer.external_id},
        {**base, "customer": 0},
        {**base, "customer": 2**63},
        {**base, "customer": customer.pk + 10_000},
        {**base, "customer": True},
        {**base, "customer": "12a"},
        {**base, "customer_external_id": None},
        {**base, "priority": "URGENT"},
        {**base, "priority": 4},
        {**base, "channel": "pigeon"},
        {**base, "category": None},
        {**base, "tier": 2.0},
        {**base, "tier": True},
        {**base, "language": "english!"},
        {**base, "language": "x" * 17},
        {**base, "body_format": ""},
        {**base, "body_format": "markdown"},
        {**base, "tags": "btc"},
        {**base, "tags": {"a": 1}},
        {**base, "tags": ["x" * 51]},
        {**base, "tags": [None]},
        {**base, "tags": [str(n) for n in range(100)]},
        {**base, "unknown": 1},
        {**base, "status": "open"},
        # Accepted by the serializer, but the caller decides which teams and agents may be named.
        {**base, "team": None},
        {**base, "assignee": None},
    ]


def test_what_is_accepted_is_the_serializers_validated_data_and_the_rest_goes_to_it(agent):
    customer: Any = CustomerFactory(external_id="EX-77")
    accepted = 0
    for body in _bodies(customer):
        expected = _drf(body, agent)
        found = ticket_create_input(body, agent)
        if found is None:
            assert expected is None or {"team", "assignee"} & set(body), body
            continue
        accepted += 1
        assert found == expected, body
        assert [type(v) for v in found.values()] == [type(expected[k]) for k in found], body
    assert accepted == 10


def test_a_partner_agent_is_refused_a_customer_of_no_ticket_of_theirs(partner):
    customer: Any = CustomerFactory()
    body = {"customer": customer.pk, "subject": "Hi", "body": "Hello"}
    assert _drf(body, partner) is None
    assert ticket_create_input(body, partner) is None


def test_a_refused_create_answers_the_serializers_errors(agent):
    customer: Any = CustomerFactory()
    client = APIClient()
    client.force_authenticate(agent)
    response = client.post(
        "/api/tickets/",
        {"customer": customer.pk, "subject": LONG, "body": "", "priority": "URGENT", "extra": 1},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["subject"] == ["Ensure this field has no more than 250 characters."]
    assert errors["body"] == ["This field may not be blank."]
    assert errors["priority"] == ['"URGENT" is not a valid choice.']
    assert not Ticket.objects.exists()


def test_a_create_checked_without_the_serializer_costs_the_serializers_statements(agent):
    customer: Any = CustomerFactory()
    body = {"customer": customer.pk, "subject": "Hi", "body": "Hello", "priority": "high"}
    _drf(body, agent)  # the customer's statement prepared, as in a worker that has served a create
    with CaptureQueriesContext(connection) as by_serializer:
        assert _drf(body, agent) is not None
    with CaptureQueriesContext(connection) as here:
        assert ticket_create_input(body, agent) is not None
    assert [q["sql"] for q in here] == [q["sql"] for q in by_serializer]
