"""The audit log survives someone with database access: TRUNCATE is refused, and `audit_verify` sees a
removed tail or a wiped table through signed checkpoints kept apart from the events."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AuditCheckpoint, AuditEvent, AuditSeal
from audit.services import CHECKPOINT_CACHE_KEY, audit_record
from audit.tasks import audit_seal_pending_task
from tests.factories import AgentFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TABLES = ("audit_auditevent", "audit_auditseal", "audit_auditcheckpoint")


@contextlib.contextmanager
def as_superuser_without_triggers() -> Iterator[Any]:
    """What an attacker holding the database's superuser can do: switch the append-only triggers off."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        yield cursor


def write_events(count: int) -> list[AuditEvent]:
    agent = AgentFactory.create()
    return [audit_record(action="test.changed", obj=agent, after={"n": n}) for n in range(count)]


def seal_as_beat_does() -> int:
    # Beat runs the task every minute; events settle for a minute before they are sealed.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        # apply(): the task itself, run here as the worker would, whichever Celery app another test
        # left as the current one.
        result = audit_seal_pending_task.apply()
        assert result.successful(), result.traceback
        sealed = result.result
        assert isinstance(sealed, int)
        return sealed


def verify() -> tuple[bool, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError as exc:
        return False, f"{exc}\n{err.getvalue()}"
    return True, out.getvalue()


def test_postgres_refuses_truncate_of_every_audit_table() -> None:
    write_events(2)
    seal_as_beat_does()
    for table in TABLES:
        with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.count() == 2
    assert AuditCheckpoint.objects.count() == 1


def test_the_sealing_task_signs_a_checkpoint_and_an_untouched_log_verifies_intact() -> None:
    write_events(3)
    assert seal_as_beat_does() == 3

    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.event_count == 3
    assert checkpoint.head_digest == AuditSeal.objects.get().digest
    assert cache.get(CHECKPOINT_CACHE_KEY)["mac"] == checkpoint.mac

    write_events(2)
    assert seal_as_beat_does() == 2
    assert AuditCheckpoint.objects.order_by("number").last().event_count == 5  # type: ignore[union-attr]
    ok, output = verify()
    assert ok, output
    assert "audit log intact" in output


def test_audit_verify_reports_a_tail_deleted_with_its_seal() -> None:
    write_events(3)
    seal_as_beat_does()
    write_events(2)
    seal_as_beat_does()
    tail = AuditSeal.objects.order_by("-last_event_id")[0]
    with as_superuser_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [tail.first_event_id])
        cursor.execute("DELETE FROM audit_auditseal WHERE id = %s", [tail.pk])

    ok, output = verify()
    assert not ok
    assert "checkpoint 2: the seal it signed" in output


def test_audit_verify_reports_a_tail_deleted_with_its_seal_and_checkpoint() -> None:
    write_events(3)
    seal_as_beat_does()
    write_events(2)
    seal_as_beat_does()
    tail = AuditSeal.objects.order_by("-last_event_id")[0]
    with as_superuser_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [tail.first_event_id])
        cursor.execute("DELETE FROM audit_auditseal WHERE id = %s", [tail.pk])
        cursor.execute("DELETE FROM audit_auditcheckpoint WHERE seal_id = %s", [tail.pk])

    ok, output = verify()
    assert not ok
    assert "checkpoint 2 (5 events" in output
    assert "missing from the database" in output


def test_audit_verify_reports_wiped_tables() -> None:
    write_events(3)
    seal_as_beat_does()
    with as_superuser_without_triggers() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")
    assert not AuditEvent.objects.exists()

    ok, output = verify()
    assert not ok
    assert "the audit log was wiped" in output


def test_audit_verify_reports_events_rewritten_with_seals_recomputed_without_the_secret_key() -> None:
    write_events(3)
    seal_as_beat_does()
    with as_superuser_without_triggers() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'someone-else'")
    # The attacker knows the plain hash chain and recomputes the seal to match the rewritten rows.
    from audit.services import _chain

    seal = AuditSeal.objects.get()
    events = AuditEvent.objects.order_by("id")
    with as_superuser_without_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditseal SET digest = %s WHERE id = %s",
            [_chain(seal.previous_digest, [e.digest() for e in events]), seal.pk],
        )

    ok, output = verify()
    assert not ok
    assert "checkpoint 1: the seal it signed" in output


def test_rows_dated_in_the_future_are_sealed_in_order_and_the_log_stays_intact() -> None:
    agent = AgentFactory.create()
    audit_record(action="test.before", obj=agent)
    # A web server whose clock runs an hour fast writes between two well-timed events.
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        skewed = audit_record(action="test.skewed", obj=agent)
    audit_record(action="test.after", obj=agent)

    assert seal_as_beat_does() == 3
    assert AuditSeal.objects.get().last_event_id >= skewed.pk
    ok, output = verify()
    assert ok, output

    # A skewed row at the end waits for the next settled event, without a gap.
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        audit_record(action="test.skewed", obj=agent)
    assert seal_as_beat_does() == 0
    ok, output = verify()
    assert ok, output
    audit_record(action="test.after", obj=agent)
    assert seal_as_beat_does() == 2
    ok, output = verify()
    assert ok, output
    newest = AuditCheckpoint.objects.order_by("number").last()
    assert newest is not None
    assert newest.event_count == AuditEvent.objects.count()


def test_the_file_copy_shows_a_wiped_log_even_when_the_cache_was_flushed(
    settings: Any, tmp_path: Any
) -> None:
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoint.json")
    write_events(2)
    seal_as_beat_does()
    cache.delete(CHECKPOINT_CACHE_KEY)
    with as_superuser_without_triggers() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")

    ok, output = verify()
    assert not ok
    assert f"kept in {tmp_path / 'audit-checkpoint.json'}, is missing from the database" in output


def test_checkpoints_verify_after_a_secret_key_rotation_only_with_the_old_key_kept(settings: Any) -> None:
    write_events(2)
    seal_as_beat_does()
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-for-the-next-year-0123456789-abcdefghijklmnopqrstuvwxyz"

    ok, output = verify()
    assert not ok
    assert "signature does not match" in output

    settings.SECRET_KEY_FALLBACKS = [old_key]
    ok, output = verify()
    assert ok, output
