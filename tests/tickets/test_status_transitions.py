import pytest

from audit.models import AuditEvent
from casework.services import ticket_assign, ticket_reply, ticket_set_status
from helpdesk.errors import DomainError
from intake.pipeline import customer_message_add
from tickets.models import TRANSITIONS, EntryKind, Status

pytestmark = pytest.mark.django_db


def test_a_new_ticket_starts_new_with_the_customers_message(ticket):
    assert ticket.status == Status.NEW
    assert ticket.reference == f"HD-{ticket.pk:06d}"
    entry, routed = ticket.entries.all()
    assert entry.kind == EntryKind.CUSTOMER_MESSAGE
    assert routed.data["event"] == "routed"
    assert entry.customer == ticket.customer


@pytest.mark.parametrize(
    ("start", "target"),
    [(s, t) for s in Status.values for t in Status.values if s != t and t not in TRANSITIONS[s]],
)
def test_every_transition_outside_the_table_is_refused(ticket, agent, start, target):
    ticket.status = start
    ticket.save(update_fields=["status"])
    with pytest.raises(DomainError):
        ticket_set_status(ticket=ticket, actor=agent, status=target)
    ticket.refresh_from_db()
    assert ticket.status == start


def test_solving_stamps_the_time_and_closing_is_final(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket.refresh_from_db()
    assert ticket.solved_at is not None
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    ticket.refresh_from_db()
    assert ticket.closed_at is not None
    with pytest.raises(DomainError):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.OPEN)


def test_reopening_a_solved_ticket_counts_and_clears_the_solved_time(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.OPEN)
    ticket.refresh_from_db()
    assert ticket.reopen_count == 1
    assert ticket.solved_at is None
    events = [e.data["event"] for e in ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT)]
    assert events == ["routed", "status_changed", "reopened"]


def test_a_customer_writing_on_a_solved_ticket_reopens_it(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    customer_message_add(ticket=ticket, body="It is still pending!")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.reopen_count == 1


def test_a_customer_writing_on_a_pending_ticket_puts_it_back_to_open_without_a_reopen(ticket, agent):
    ticket_reply(
        ticket=ticket, author=agent, body="Could you send the transaction id?", status=Status.PENDING
    )
    customer_message_add(ticket=ticket, body="0xabc")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.reopen_count == 0


def test_the_first_public_reply_stamps_first_response_once(ticket, agent):
    first = ticket_reply(ticket=ticket, author=agent, body="Looking into it.")
    ticket_reply(ticket=ticket, author=agent, body="Still looking.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == first.created_at
    assert ticket.status == Status.OPEN


def test_replying_to_a_closed_ticket_is_refused_and_writes_nothing(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    entries = ticket.entries.count()
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        ticket_reply(ticket=ticket, author=agent, body="hello?")
    assert ticket.entries.count() == entries
    assert AuditEvent.objects.count() == audits


def test_assigning_a_new_ticket_opens_it_and_records_the_event(ticket, agent, supervisor):
    ticket_assign(ticket=ticket, actor=supervisor, assignee=agent)
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert ticket.status == Status.OPEN
    kinds = [e.data.get("event") for e in ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT)]
    assert kinds == ["routed", "assigned", "status_changed"]
