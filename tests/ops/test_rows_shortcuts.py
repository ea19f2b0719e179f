"""helpdesk.rows builds a fetched row's instance and an UPDATE's parameters without the ORM's per-field
walk where that walk would change nothing: the instance and the parameters are the ORM's own, and
anything the shortcut cannot vouch for (a receiver of the init signals, a value of another type, a
field that stamps itself) still goes through Django."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_init
from django.utils import timezone

from customers.models import Customer
from helpdesk import rows
from helpdesk.prepared import prepared_row
from sla.models import ClockState, TicketClock
from tests.factories import make_customer, make_ticket
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _row(model: type[Model], pk: int) -> tuple[object, ...]:
    table = model._meta.db_table
    sql = f'SELECT {rows.columns(model, "x")} FROM "{table}" x WHERE x.{model._meta.pk.column} = %(pk)s'  # noqa: S608
    row = prepared_row(sql, {"pk": pk})
    assert row is not None
    return tuple(row)


def _as_loaded(obj: object) -> dict[str, object]:
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def test_a_row_becomes_the_instance_the_orm_loads():
    customer = make_customer(name="Ana", vip_level=2, account_flags=["frozen"])
    ticket = make_ticket(customer=customer)
    cases: tuple[tuple[type[Model], int], ...] = ((Customer, customer.pk), (Ticket, ticket.pk))
    for model, pk in cases:
        built = rows.instance(model, _row(model, pk))
        loaded = model._default_manager.get(pk=pk)
        assert type(built) is model
        assert _as_loaded(built) == _as_loaded(loaded)
        assert (built._state.adding, built._state.db) == (False, connection.alias)
        # It behaves as a stored row: saving it updates, never inserts a second one.
        built.save()
        assert model._default_manager.filter(pk=pk).count() == 1


def test_a_receiver_of_post_init_still_hears_every_instance_built():
    customer = make_customer()
    heard: list[object] = []

    def receiver(sender: type, instance: object, **kwargs: object) -> None:
        heard.append(instance)

    post_init.connect(receiver, sender=Customer)
    try:
        built = rows.instance(Customer, _row(Customer, customer.pk))
    finally:
        post_init.disconnect(receiver, sender=Customer)
    assert heard == [built]
    # Disconnected, the shortcut is taken again and hears nothing.
    rows.instance(Customer, _row(Customer, customer.pk))
    assert heard == [built]


def _orm_params(obj: TicketClock, fields: tuple[str, ...] | None) -> dict[str, object]:
    params: dict[str, object] = {"pk__": obj.pk}
    for field in obj._meta.concrete_fields:
        if not field.primary_key and (fields is None or field.attname in fields):
            params[field.attname] = field.get_db_prep_save(field.pre_save(obj, False), connection)
    return params


def test_update_parameters_are_those_save_would_write():
    clock = TicketClock.objects.get(ticket=make_ticket())
    aware = timezone.now()
    clock.first_response_due_at = aware
    clock.consumed_seconds = 12.5
    clock.next_response_cycle = 3
    clock.state = ClockState.PAUSED  # a choice's enum: through the field
    clock.paused_at = None
    for fields in (None, ("consumed_seconds", "state", "first_response_due_at", "next_response_cycle")):
        mine = rows.update_params(clock, fields)
        orm = _orm_params(clock, fields)
        # `updated_at` stamps itself (auto_now) on each call: equal but for that instant.
        assert mine.pop("updated_at", None) is not None or fields is not None
        orm.pop("updated_at", None)
        assert mine == orm
        assert all(type(mine[k]) is type(orm[k]) for k in orm)


def test_values_of_another_type_go_through_the_field():
    clock = TicketClock.objects.get(ticket=make_ticket())
    clock.next_response_met = "4"  # a string for a number: the field makes it an int
    clock.consumed_seconds = Decimal("1.5")  # type: ignore[assignment]  # not a float: the field converts it
    fields = ("next_response_met", "consumed_seconds")
    params = rows.update_params(clock, fields)
    orm = _orm_params(clock, fields)
    assert params == orm == {"pk__": clock.pk, "next_response_met": 4, "consumed_seconds": 1.5}
    assert all(type(params[k]) is type(orm[k]) for k in orm)
    assert type(params["consumed_seconds"]) is float


def test_a_naive_datetime_is_made_aware_as_the_field_does():
    clock = TicketClock.objects.get(ticket=make_ticket())
    clock.attention_at = dt.datetime(2026, 12, 7, 12, 0)
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        params = rows.update_params(clock, ("attention_at",))
    assert timezone.is_aware(params["attention_at"])
