"""Every audit record is written by one INSERT prepared on the connection (helpdesk.inserts.row_insert),
the same row the ORM's `save()` writes, shown with its values to whoever counts statements; a model
whose save signals have a receiver, or a write a router sends elsewhere, still goes through `save()`."""

from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from audit.context import audit_context
from audit.models import AuditEvent
from audit.services import audit_event, audit_record
from tests.factories import make_agent, make_customer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _arguments(obj: Any, actor: Any) -> dict[str, Any]:
    return {
        "action": "customer.pii_viewed",
        "obj": obj,
        "actor": actor,
        "before": None,
        "after": {"fields": ["email"], "reason": "it's urgent", "amount": 1.5},
    }


def test_an_audit_record_is_one_statement_writing_the_row_the_orm_writes():
    customer = make_customer(name="Ana")
    agent = make_agent(username="alice")
    with audit_context(ip="198.51.100.4", reason="ticket 12"):
        with CaptureQueriesContext(connection) as ctx:
            written = audit_record(**_arguments(customer, agent))
        by_orm = audit_event(**_arguments(customer, agent))
    by_orm.created_at = written.created_at
    by_orm.save(force_insert=True)
    (statement,) = (q["sql"] for q in ctx.captured_queries)
    assert statement.startswith('INSERT INTO "audit_auditevent"')
    assert "'customer.pii_viewed'" in statement
    assert written.pk is not None and not written._state.adding
    ours, theirs = AuditEvent.objects.get(pk=written.pk), AuditEvent.objects.get(pk=by_orm.pk)
    for field in AuditEvent._meta.concrete_fields:
        if not field.primary_key:
            assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name
    # No before is SQL NULL, as the ORM writes it, not JSON null.
    assert AuditEvent.objects.filter(pk__in=[ours.pk, theirs.pk], before__isnull=True).count() == 2


def test_a_receiver_of_the_audit_models_save_signal_still_hears_every_record():
    heard: list[AuditEvent] = []

    def listen(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
        heard.append(instance)

    post_save.connect(listen, sender=AuditEvent, dispatch_uid="test-audit-listener")
    try:
        written = audit_record(action="customer.viewed", obj=make_customer(), after={"path": "/x"})
    finally:
        post_save.disconnect(dispatch_uid="test-audit-listener", sender=AuditEvent)
    assert heard == [written]


def test_an_unsaved_actor_is_refused_as_the_orm_refuses_it():
    from accounts.models import User

    with pytest.raises(ValueError, match="unsaved related object"):
        audit_record(action="customer.viewed", obj=make_customer(), actor=User(username="ghost"))
    assert not AuditEvent.objects.filter(action="customer.viewed").exists()
