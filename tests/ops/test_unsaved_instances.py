"""helpdesk.rows.unsaved builds a new instance as `Model(**values)` does: the same values and defaults,
related objects cached and checked by their descriptors, the same state; anything it cannot vouch for
(an init signal's receiver, a property, an unknown name, a model with its own `__init__`) is the
ORM's own call, errors included."""

from typing import Any

import pytest
from django.db import connection, models
from django.db.models.signals import pre_init
from django.utils import timezone

from audit.models import AuditEvent
from helpdesk import rows
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tickets.models import EntryKind, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db


def _state(obj: models.Model) -> tuple[Any, ...]:
    values = {k: v for k, v in vars(obj).items() if k != "_state"}
    return type(obj), values, obj._state.adding, obj._state.db, dict(obj._state.fields_cache)


def _same(model: type[models.Model], **values: Any) -> Any:
    built = rows.unsaved(model, **values)
    expected = model(**values)
    assert _state(built) == _state(expected)
    return built


def test_a_new_case_message_and_record_are_the_instances_the_orm_builds():
    customer = make_customer()
    now = timezone.now()
    base = dict(subject="Withdrawal pending", customer=customer, channel="api", priority=3, created_at=now)
    tickets = [
        _same(Ticket, **base),
        _same(Ticket, **base, team=None, assignee=None, status="new", updated_at=now),
        _same(Ticket, **base, team=make_team(), assignee=make_agent(), status="open", tier=2),
        _same(Ticket, subject="by id", customer_id=customer.pk, team_id=None, created_at=now),
    ]
    # Defaults that are built per instance are not shared between instances.
    assert tickets[0].routing == {} and tickets[0].routing is not tickets[1].routing
    assert tickets[0].customer is customer and tickets[2].team is not None
    entry = _same(
        TimelineEntry,
        ticket=tickets[1],
        kind=EntryKind.CUSTOMER_MESSAGE,
        body="Still pending.",
        customer=customer,
        data={},
        created_at=now,
        seq=None,
        client_id="",
    )
    assert entry.ticket is tickets[1] and entry.ticket_id is None
    _same(AuditEvent, action="ticket.created", actor=None, object_type="tickets.ticket", after={"a": 1})
    _same(AuditEvent, action="ticket.created", actor=make_agent(), object_id="5", created_at=now)
    assert (entry._state.adding, tickets[0]._state.db) == (True, connection.alias)


def test_a_saved_case_is_written_as_the_orm_writes_it():
    customer = make_customer()
    now = timezone.now()
    ticket = rows.unsaved(Ticket, subject="Saved", customer=customer, created_at=now, updated_at=now)
    ticket.save(force_insert=True)
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.subject, stored.customer_id, stored.status) == ("Saved", customer.pk, ticket.status)


def test_a_wrong_related_object_is_refused_as_the_orm_refuses_it():
    with pytest.raises(ValueError, match='must be a "Customer" instance'):
        rows.unsaved(Ticket, subject="x", customer=make_agent())
    with pytest.raises(ValueError, match='must be a "Customer" instance'):
        Ticket(subject="x", customer=make_agent())  # type: ignore[misc]  # the point


def test_unknown_names_and_properties_are_the_orms_to_handle():
    with pytest.raises(TypeError, match="unexpected keyword"):
        rows.unsaved(Ticket, subject="x", no_such_field=1)
    ticket = make_ticket()
    # `pk` is a property: set through the ORM's own path, as `Ticket(pk=...)` sets it.
    assert rows.unsaved(Ticket, pk=ticket.pk, subject="x").pk == ticket.pk


def test_a_receiver_of_pre_init_still_hears_every_instance_built():
    heard: list[dict[str, Any]] = []

    def receiver(sender: type, kwargs: dict[str, Any], **extra: Any) -> None:
        heard.append(dict(kwargs))

    pre_init.connect(receiver, sender=Ticket)
    try:
        rows.unsaved(Ticket, subject="heard")
    finally:
        pre_init.disconnect(receiver, sender=Ticket)
    assert heard == [{"subject": "heard"}]
