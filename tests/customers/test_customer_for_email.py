"""The sender of an email is found by address, or becomes an email-only customer, in one statement: the
same customer, defaults, validation and audit record as the exchange's push would give."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.context import audit_context
from audit.models import AuditEvent
from audit.services import audit_event
from customers.models import Customer
from customers.services import (
    _changes,
    _found_or_made,
    customer_for_email,
    customer_upsert,
    email_external_id,
)
from tests.factories import make_customer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FIELDS = ["phone", "region", "time_zone", "vip_level", "kyc_status", "account_flags"]
FIELDS += ["pending_withdrawal_usd", "account_opened_at", "account_manager_id"]


def _audited(customer: Customer) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="customers.customer", object_id=str(customer.pk)))


def test_a_known_address_finds_the_newest_customer_whatever_its_case_in_one_statement():
    make_customer(email="ana@mail.example", name="Ana (old)")
    newest = make_customer(email="Ana@Mail.example", name="Ana Lima")
    with CaptureQueriesContext(connection) as ctx:
        found = customer_for_email(email="ANA@mail.EXAMPLE", name="Someone else", language="pt")
    assert len(ctx.captured_queries) == 1
    assert (found.pk, found.name, found.language) == (newest.pk, "Ana Lima", newest.language)
    assert Customer.objects.count() == 2
    assert not AuditEvent.objects.filter(action__startswith="customer.").exists()


def test_an_unknown_address_becomes_an_email_only_customer_as_the_exchanges_push_makes_one():
    with CaptureQueriesContext(connection) as ctx:
        made = customer_for_email(email="bob@mail.example", name="bob@mail.example", language="de")
    # The look-up-or-create, which writes the new customer's audit record too.
    assert len(ctx.captured_queries) == 1
    stored = Customer.objects.get(pk=made.pk)
    assert (stored.external_id, stored.email, stored.language) == (
        email_external_id("bob@mail.example"),
        "bob@mail.example",
        "de",
    )
    # The address is not shown where the name is.
    assert "bob@mail.example" not in stored.name
    # Every other field is the model's default, on the row and on the object handed back alike.
    pushed, _created = customer_upsert(external_id="x-1", email="carol@mail.example", name="Carol")
    pushed.refresh_from_db()
    for name in FIELDS:
        assert getattr(made, name) == getattr(stored, name) == getattr(pushed, name), name
    assert made.account_flags == [] and made.created_at == stored.created_at
    (event,) = _audited(made)
    assert (event.action, event.actor_label) == ("customer.created", "system:exchange-sync")
    assert event.after is not None and (event.after["email"], event.after["language"]) == ("(changed)", "de")
    # The same record the push writes (through the ORM), but for the customer it names.
    (pushed_event,) = _audited(pushed)
    assert event.object_repr == made.name and event.object_id == str(made.pk)
    assert (event.before, event.ip, event.reason, event.actor_id) == (None, None, "", None)
    # The amount as the row holds it (numeric(18, 2)), where the push records the model's default.
    pushed_after = {**(pushed_event.after or {}), "name": made.name, "language": "de"}
    assert event.after == {**pushed_after, "pending_withdrawal_usd": "0.00"}


def test_a_new_senders_audit_record_is_the_one_the_customers_change_gives_field_by_field():
    with audit_context(ip="203.0.113.9", reason="imported from the support mailbox"):
        made = customer_for_email(email="fay@mail.example", name="Fay <fay@mail.example>", language="pt")
    (event,) = _audited(made)
    stored = Customer.objects.get(pk=made.pk)
    # The record `audit_record` writes for this customer, read from its row, as the exchange's push does.
    with audit_context(ip="203.0.113.9", reason="imported from the support mailbox"):
        fields = _changes(stored, None, None)
        assert fields is not None
        expected = audit_event(**fields)
    expected.created_at = stored.created_at
    for field in AuditEvent._meta.concrete_fields:
        if not field.primary_key:
            assert getattr(event, field.attname) == getattr(expected, field.attname), field.name
    assert (event.ip, event.object_repr) == ("203.0.113.9", stored.name)
    # A name made only of the address is masked, so the record names the customer by its exchange id.
    bare = customer_for_email(email="gus@mail.example", name="", language="en")
    (record,) = _audited(bare)
    assert (record.object_repr, record.after and record.after["name"]) == (bare.external_id, "")


def test_a_known_sender_writes_no_audit_record():
    known = make_customer(email="hal@mail.example", name="Hal")
    before = AuditEvent.objects.count()
    assert customer_for_email(email="hal@mail.example", name="Hal", language="en").pk == known.pk
    assert AuditEvent.objects.count() == before


def test_the_same_unknown_address_twice_is_one_customer():
    first = customer_for_email(email="dan@mail.example", name="Dan", language="en")
    again = customer_for_email(email="Dan@Mail.Example", name="Dan", language="en")
    assert again.pk == first.pk and Customer.objects.filter(external_id=first.external_id).count() == 1
    assert len(_audited(first)) == 1


def test_an_email_only_customer_whose_address_changed_takes_it_again():
    eve = email_external_id("eve@mail.example")
    make_customer(external_id=eve, email="eve@elsewhere.example", name="Eve")
    found = customer_for_email(email="eve@mail.example", name="Eve", language="en")
    assert (found.external_id, found.email) == (eve, "eve@mail.example")
    assert Customer.objects.count() == 1


def test_an_address_the_model_refuses_leaves_nothing_behind():
    with pytest.raises(ValidationError), transaction.atomic():
        customer_for_email(email="not an address", name="", language="en")
    assert not Customer.objects.exists()
    assert not AuditEvent.objects.filter(action="customer.created").exists()


def test_the_statement_finds_the_address_through_its_index():
    sql, fixed = _found_or_made()
    params: dict[str, Any] = {
        **fixed,
        "email": "Alice@Example.com",
        "external_id": "x",
        "name": "",
        "language": "en",
        "created_at": None,
        "updated_at": None,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "customer_email_upper_idx" in plan, plan
