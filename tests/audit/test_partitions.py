"""On PostgreSQL the audit log is partitioned by month: each event lands in its month's partition, the
daily upkeep prepares the coming months and moves whatever landed in the default partition into its
month, and the log stays append-only and verifiable throughout."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from audit.models import AuditEvent
from audit.partitions import DEFAULT, MONTHS_AHEAD, PARENT, month_start, next_month, partition_name
from audit.services import audit_record, audit_verify
from audit.tasks import audit_partitions_ensure_task, audit_seal_pending_task
from tests.factories import AgentFactory

pytestmark = [pytest.mark.postgres]


def _partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [PARENT],
        )
        return [row[0] for row in cursor.fetchall()]


def _where(event: AuditEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {PARENT} WHERE id = %s", [event.pk])  # noqa: S608
        row = cursor.fetchone()
        assert row is not None
        return str(row[0])


def _months_from(month: dt.date, count: int) -> list[dt.date]:
    months = [month]
    while len(months) < count:
        months.append(next_month(months[-1]))
    return months


def _unprepared_month() -> dt.date:
    """A month well past every partition there is (an earlier test's upkeep may have made some)."""
    newest = max(dt.date(int(n[-7:-3]), int(n[-2:]), 1) for n in _partitions() if n != DEFAULT)
    return _months_from(newest, 3)[-1]


@pytest.mark.django_db
def test_the_audit_table_is_partitioned_by_month_with_the_coming_months_prepared() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = %s::regclass", [PARENT])
        assert cursor.fetchone() == ("r",)
        cursor.execute("SELECT pg_get_partkeydef(%s::regclass)", [PARENT])
        assert cursor.fetchone() == ("RANGE (created_at)",)
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass", [PARENT]
        )
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"audit_auditevent_pkey", "audit_object_idx"} <= indexes
    this_month = month_start(timezone.now())
    expected = {partition_name(m) for m in _months_from(this_month, MONTHS_AHEAD + 1)} | {DEFAULT}
    assert expected <= set(_partitions())


@pytest.mark.django_db
def test_each_event_lands_in_its_months_partition_and_one_outside_them_in_the_default(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    agent = AgentFactory.create()
    # Writing an event is still one INSERT.
    with django_assert_num_queries(1) as captured:
        now = audit_record(action="test.changed", obj=agent)
    assert captured.captured_queries[0]["sql"].startswith(f'INSERT INTO "{PARENT}"')
    later_month = next_month(month_start(timezone.now()))
    with time_machine.travel(dt.datetime.combine(later_month, dt.time(12), tzinfo=dt.UTC)):
        later = audit_record(action="test.changed", obj=agent)
    with time_machine.travel(dt.datetime.combine(_unprepared_month(), dt.time(12), tzinfo=dt.UTC)):
        stray = audit_record(action="test.changed", obj=agent)

    assert _where(now) == partition_name(month_start(timezone.now()))
    assert _where(later) == partition_name(later_month)
    assert _where(stray) == DEFAULT
    # Read back through Django by id alone, as every page, export and seal does.
    assert list(AuditEvent.objects.filter(pk__in=[now.pk, later.pk, stray.pk]).order_by("id")) == [
        now,
        later,
        stray,
    ]


@pytest.mark.django_db
def test_the_partitions_command_lists_rows_and_sizes_and_ensure_prepares_months() -> None:
    audit_record(action="test.changed", obj=AgentFactory.create())
    out = StringIO()
    call_command("partitions", "--ensure", "--months", str(MONTHS_AHEAD + 2), stdout=out, stderr=StringIO())
    text = out.getvalue()
    this_month = month_start(timezone.now())
    beyond = _months_from(this_month, MONTHS_AHEAD + 3)[-1]
    assert f"created {partition_name(beyond)}" in text
    assert partition_name(beyond) in _partitions()
    line = next(s for s in text.splitlines() if s.startswith(partition_name(this_month)))
    assert line.split()[2] == "1"
    assert "partitions, 1 rows" in text


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_upkeep_as_beat_runs_it_empties_the_default_partition_and_the_log_still_verifies() -> None:
    assert not connection.in_atomic_block
    agent = AgentFactory.create()
    audit_record(action="test.changed", obj=agent)
    stray_month = _unprepared_month()
    at = dt.datetime.combine(stray_month, dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(at):
        strays = [audit_record(action="test.changed", obj=agent, after={"n": n}) for n in range(2)]
    assert {_where(e) for e in strays} == {DEFAULT}
    with time_machine.travel(at + dt.timedelta(minutes=5)):
        assert audit_seal_pending_task.apply().get() == 3

    # Beat's daily run, in the stray rows' month: they move out, and the months after are prepared.
    with time_machine.travel(at + dt.timedelta(days=1)):
        result = audit_partitions_ensure_task.apply()
        assert result.successful(), result.traceback
        assert result.get() == MONTHS_AHEAD + 1
        assert audit_partitions_ensure_task.apply().get() == 0

    assert {_where(e) for e in strays} == {partition_name(stray_month)}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DEFAULT}")  # noqa: S608
        assert cursor.fetchone() == (0,)
    assert set(_partitions()) >= {partition_name(m) for m in _months_from(stray_month, MONTHS_AHEAD + 1)}
    # Same ids, same content: the seal over them still holds.
    assert [AuditEvent.objects.get(pk=e.pk).digest() for e in strays] == [e.digest() for e in strays]
    assert audit_verify() == []

    # A partition the upkeep made refuses change like the rest of the log.
    for sql in (
        f"UPDATE {PARENT} SET action = 'forged'",  # noqa: S608
        f"DELETE FROM {partition_name(stray_month)}",  # noqa: S608
        f"TRUNCATE {partition_name(stray_month)}",
        f"TRUNCATE {DEFAULT}",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    assert AuditEvent.objects.count() == 3
