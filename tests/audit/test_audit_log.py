import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_seal_pending, audit_verify
from casework.services import ticket_set_status
from tickets.models import Status

pytestmark = pytest.mark.django_db


def test_every_ticket_change_is_audited_with_actor_and_before_after(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    event = AuditEvent.objects.filter(action="ticket.status_changed").get()
    assert event.actor == agent
    assert event.actor_label == "agent:alice"
    assert event.object_id == str(ticket.pk)
    assert event.before == {"status": "new"}
    assert event.after == {"status": "pending"}


def test_a_customer_created_ticket_names_the_customer_as_actor(ticket):
    event = AuditEvent.objects.get(action="ticket.created", object_id=str(ticket.pk))
    assert event.actor is None
    assert event.actor_label == f"customer:{ticket.customer.external_id}"


def test_audit_rows_cannot_be_edited_or_deleted_through_the_app(ticket):
    event = AuditEvent.objects.filter(action="ticket.created").get()
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.postgres
def test_postgres_refuses_raw_updates_of_audit_rows(ticket):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def test_seals_detect_an_event_altered_behind_the_apps_back(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    seal = audit_seal_pending(settle_seconds=0)
    assert seal is not None
    assert seal.event_count == AuditEvent.objects.count()
    assert audit_verify() == []
    assert audit_seal_pending(settle_seconds=0) is None

    # An operator with database access rewrites history; the seal no longer matches.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A superuser can switch triggers off for its session; that is exactly what seals catch.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE action = %s",
                ["ticket.status_changed"],
            )
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE action = %s",
                ["ticket.status_changed"],
            )
    problems = audit_verify()
    assert len(problems) == 1
    assert "altered" in problems[0]
