"""A new case written by one statement (PostgreSQL): the ticket, its first message, its audit record,
tier 0's pending reading and the SLA clock. What each row holds is what the separate writes held: the
clock is compared with the one the clock code starts on its own for the same case at the same instant."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assistant.models import Assessment, AssessmentState
from audit.models import AuditEvent
from customers.models import Customer
from intake import pipeline
from intake.pipeline import ticket_open
from intake.types import Intake
from routing.models import Team
from sla.models import TicketClock
from sla.services.opening import ClockOpening
from tests.factories import make_customer, make_team
from tests.routing.conftest import member
from tests.sla.conftest import make_policy, office_calendar
from tickets.models import EntryKind, Priority, Ticket, TimelineEntry

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# A Tuesday at 16:30 UTC: half an hour before an office in Malta closes, so business time matters.
AT = dt.datetime(2026, 3, 3, 16, 30, tzinfo=dt.UTC)
SKIP = {"ticket", "updated_at"}
# Through the API with tier 0 on (as in production): the caller's access (is the agent a partner's?),
# the customer, the case's one statement, and the caller's access to routing reasons. The answer is
# built from the rows as written: the steps wrote nothing after the case's statement
# (workspace/ticket_created.py).
TIER0_API = 4


def _clock_fields(ticket: Ticket) -> dict[str, Any]:
    clock = TicketClock.objects.get(ticket_id=ticket.pk)
    fields = [f for f in TicketClock._meta.concrete_fields if f.name not in SKIP]
    return {f.attname: getattr(clock, f.attname) for f in fields}


def _customer(**fields: Any) -> Customer:
    return make_customer(**fields)


def _open(customer: Customer, **fields: Any) -> Ticket:
    given: dict[str, Any] = {"subject": "Withdrawal pending", "body": "Still pending.", **fields}
    return ticket_open(customer=customer, **given)


def _apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock left out of the case's statement: the pipeline's SLA step starts it on its own."""
    monkeypatch.setattr(ClockOpening, "write", lambda self, ticket, entry: None)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(AT, tick=False):
        yield


@pytest.fixture
def routed_team() -> Team:
    """A team with office hours and a policy of its own, which routing sends every case to: the clock
    written with the case (no team yet) must be brought up to the routed case's."""
    team = make_team(name="Support", slug="support", tier=1, languages=["en"])
    office_calendar(team)
    make_policy("Support's", position=1, teams=[team], first_response_target=dt.timedelta(minutes=45))
    return team


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("tier0", [False, True])
def test_the_clock_written_with_the_case_is_the_one_the_clock_code_starts(
    tier0: bool, routed_team: Team, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ASSISTANT_ENABLED = tier0
    monkeypatch.setattr("assistant.steps.assessment_queue", lambda assessment_id: None)
    customer = _customer(vip_level="vip2")
    together = _open(customer, priority=Priority.HIGH)
    _apart(monkeypatch)
    apart = _open(customer, priority=Priority.HIGH)
    assert together.team_id == apart.team_id == (None if tier0 else routed_team.pk)
    written = _clock_fields(together)
    assert written == _clock_fields(apart)
    assert written["first_response_due_at"] is not None
    if not tier0:
        # Routed to the team with office hours: its calendar and policy, not those the case had before.
        assert written["calendar_id"] is not None
        assert written["first_response_target"] == 45 * 60


@pytest.mark.usefixtures("frozen")
def test_a_case_given_its_team_is_written_with_that_teams_clock(
    routed_team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = _customer()
    together = _open(customer, team=routed_team)
    _apart(monkeypatch)
    apart = _open(customer, team=routed_team)
    assert _clock_fields(together) == _clock_fields(apart)
    assert _clock_fields(together)["first_response_target"] == 45 * 60


def test_a_configuration_that_moved_since_this_process_read_it_writes_no_stale_clock() -> None:
    customer = _customer()
    _open(customer)  # this process now holds the SLA configuration
    with connection.cursor() as cursor:
        # What a policy edited in another process leaves behind: a new version.
        cursor.execute("UPDATE helpdesk_configversion SET token = 'edited elsewhere' WHERE name = 'sla'")
    with CaptureQueriesContext(connection) as captured:
        ticket = _open(customer)
    sql = [q["sql"] for q in captured.captured_queries]
    # The case's statement held its clock back; the SLA step read the new version and started it.
    assert [s for s in sql if s.startswith('INSERT INTO "sla_ticketclock"')]
    assert TicketClock.objects.filter(ticket_id=ticket.pk).count() == 1
    with CaptureQueriesContext(connection) as captured:
        _open(customer)
    # Read again under the new version, it is written with the case once more.
    assert not [q for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "sla_ticketclock"')]


def test_tier0s_reading_is_written_with_the_case_and_queued_once_after_commit(
    settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    settings.ASSISTANT_ENABLED = True
    queued: list[int] = []
    monkeypatch.setattr("assistant.tasks.assistant_assess_task.delay", queued.append)
    team = make_team(name="Mail", slug="mail", tier=1, languages=["en"])
    customer = _customer()
    _open(customer)  # the configuration this process holds is the current one, as on a running server
    queued.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with CaptureQueriesContext(connection) as captured:
            ticket = _open(customer, default_team=team, push=False)
        assert queued == []
    for callback in callbacks:
        callback()
    reading = Assessment.objects.get(ticket=ticket)
    first = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert (reading.entry_id, reading.first, reading.default_team_id) == (first.pk, True, team.pk)
    assert (reading.push, reading.route, reading.state) == (False, True, AssessmentState.PENDING)
    assert reading.created_at == ticket.created_at
    assert queued == [reading.pk]
    # Routing waits for the reading; the case, its message, audit record, reading and clock: one statement.
    assert ticket.team_id is None
    writes = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SELECT")]
    assert len(writes) == 1, writes
    assert 'INSERT INTO "assistant_assessment"' in writes[0]


@pytest.mark.parametrize("first_id", [42, 1_234_567])
def test_the_audit_record_names_the_case_as_it_was_written(first_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %s, false)", [first_id])
    customer = _customer(external_id="EX-77")
    ticket = _open(customer, subject="Withdrawal pending " + "x" * 225, tags=["urgent"])
    assert ticket.pk == first_id
    record = AuditEvent.objects.get(action="ticket.created", object_id=str(ticket.pk))
    assert record.object_type == "tickets.ticket"
    assert record.object_repr == str(Ticket.objects.get(pk=ticket.pk))[:200]
    assert record.object_repr.startswith(f"HD-{first_id:06d} Withdrawal pending xxx")
    assert record.actor_label == "customer:EX-77"
    assert record.after is not None
    assert (record.after["tags"], record.after["priority"]) == (["urgent"], ticket.priority)
    assert list(ticket.tags.values_list("name", flat=True)) == ["urgent"]
    # The instances handed back are the rows as written.
    entry = TimelineEntry.objects.get(ticket=ticket, kind=EntryKind.CUSTOMER_MESSAGE)
    assert (entry.body, entry.customer_id) == ("Still pending.", customer.pk)
    assert entry.created_at == ticket.created_at


def test_a_step_that_fails_after_the_statement_leaves_no_part_of_the_case(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ASSISTANT_ENABLED = True
    monkeypatch.setattr("assistant.steps.assessment_queue", lambda assessment_id: None)

    def broken(ticket: Ticket, intake: Intake) -> None:
        raise RuntimeError("the step broke")

    monkeypatch.setattr(pipeline, "NEW_TICKET_STEPS", (*pipeline.NEW_TICKET_STEPS, broken))
    customer = _customer()
    counts = [m.objects.count() for m in (Ticket, TimelineEntry, AuditEvent, Assessment, TicketClock)]
    with pytest.raises(RuntimeError), transaction.atomic():
        _open(customer)
    assert [m.objects.count() for m in (Ticket, TimelineEntry, AuditEvent, Assessment, TicketClock)] == counts


def test_a_case_opened_through_the_api_with_tier0_costs_one_write(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ASSISTANT_ENABLED = True
    monkeypatch.setattr("assistant.steps.assessment_queue", lambda assessment_id: None)
    team = make_team(name="Support", slug="support", tier=1, languages=["en"])
    client = APIClient()
    client.force_authenticate(member(team, "ana"))
    body = {"customer": _customer().pk, "subject": "Withdrawal pending", "body": "Still pending."}
    assert client.post("/api/tickets/", body, format="json").status_code == 201
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/tickets/", body, format="json")
    assert response.status_code == 201, response.content
    sql = [q["sql"] for q in captured.captured_queries]
    assert len(sql) == TIER0_API, "\n".join(sql)
    assert len([s for s in sql if s.startswith("WITH ticket AS (INSERT")]) == 1
    assert response.json()["id"] == Ticket.objects.get(pk=response.json()["id"]).pk


def test_a_value_too_long_for_its_column_is_refused_not_cut() -> None:
    customer = _customer()
    before = Ticket.objects.count()
    with pytest.raises(DataError), transaction.atomic():
        _open(customer, client_id="c" * 65)
    assert Ticket.objects.count() == before
