"""Bulk actions from a queue and the API: every ticket goes through its single-ticket service with the
actor's access, refusals are reported per ticket with the reason, each ticket has its own audit event
and the job one more, and a job that stops half way resumes without changing a ticket twice."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from bulk import services
from bulk.models import Action, BulkJob, BulkJobItem, JobState, Outcome
from bulk.services import bulk_job_create, bulk_job_run
from casework.services import ticket_set_status
from macros.services import macro_create
from tests.bulk.conftest import client_for, tickets
from tests.factories import make_ticket
from tickets.models import EntryKind, Priority, Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db


def _post(client: Any, action: str, ids: list[int], **fields: Any) -> Any:
    return client.post(reverse("bulk:job-create"), {"action": action, "tickets": ids, **fields})


def test_an_agent_assigns_ticked_tickets_each_through_the_assign_service(agent_client, bob, general):
    cases = tickets(3, team=general)

    response = _post(agent_client, Action.ASSIGN, [t.pk for t in cases], assignee=bob.pk)

    job = BulkJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("bulk:job-detail", args=[job.pk])
    assert (job.state, job.total, job.done, job.skipped, job.failed) == (JobState.FINISHED, 3, 3, 0, 0)
    assert set(Ticket.objects.values_list("assignee_id", flat=True)) == {bob.pk}
    # What the single-ticket path writes: an "assigned" event and an audit record per ticket.
    for case in cases:
        assert TimelineEntry.objects.filter(ticket=case, data__event="assigned").count() == 1
    assigned = AuditEvent.objects.filter(action="ticket.assigned")
    assert sorted(int(e.object_id) for e in assigned) == sorted(t.pk for t in cases)
    assert AuditEvent.objects.filter(action__in=["bulk.started", "bulk.finished"]).count() == 2
    page = agent_client.get(response.url).content.decode()
    assert "3 changed" in page and 'value="3"' in page


def test_a_partner_agent_changes_only_what_they_may_and_sees_why_the_rest_was_skipped(
    partner_agent, partner_team, general
):
    theirs = make_ticket(team=partner_team)
    inhouse = make_ticket(customer=theirs.customer, team=general)

    _post(client_for(partner_agent), Action.PRIORITY, [theirs.pk, inhouse.pk], priority=Priority.URGENT)

    job = BulkJob.objects.get()
    assert (job.done, job.skipped) == (1, 1)
    assert Ticket.objects.get(pk=theirs.pk).priority == Priority.URGENT
    assert Ticket.objects.get(pk=inhouse.pk).priority == Priority.NORMAL
    skipped = BulkJobItem.objects.get(outcome=Outcome.SKIPPED)
    assert skipped.ticket_id == inhouse.pk and "not one you may change" in skipped.reason


def test_a_partner_agent_cannot_hand_tickets_to_in_house_agents(partner_agent, partner_team, bob):
    theirs = make_ticket(team=partner_team)
    response = _post(client_for(partner_agent), Action.ASSIGN, [theirs.pk], assignee=bob.pk)
    assert response.status_code == 302 and not BulkJob.objects.exists()
    assert Ticket.objects.get(pk=theirs.pk).assignee_id is None


def test_a_status_the_ticket_cannot_take_is_skipped_with_the_services_reason(agent, agent_client, general):
    a, b = tickets(2, team=general)
    ticket_set_status(ticket=b, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=b, actor=agent, status=Status.CLOSED)

    _post(agent_client, Action.STATUS, [a.pk, b.pk], status=Status.PENDING)

    assert Ticket.objects.get(pk=a.pk).status == Status.PENDING
    item = BulkJobItem.objects.get(ticket_id=b.pk)
    assert item.outcome == Outcome.SKIPPED and "closed" in item.reason


def test_every_ticket_matching_the_filter_is_taken_not_only_the_page(agent_client, agent, general, settings):
    settings.HELPDESK_QUEUE_PAGE_SIZE = 2
    urgent = tickets(3, team=general, priority=Priority.URGENT)
    low = tickets(1, team=general, priority=Priority.LOW)[0]
    filters = "queue=all&priority=4"

    bar = agent_client.get(reverse("bulk:bar") + "?" + filters).content.decode()
    assert "all 3 tickets matching the filter" in bar

    agent_client.post(
        reverse("bulk:job-create"),
        {"action": Action.ADD_TAGS, "scope": "matching", "filters": filters, "tags": "outage, dup"},
    )
    for case in urgent:
        assert set(case.tags.values_list("name", flat=True)) == {"outage", "dup"}
    assert not low.tags.exists()


def test_tags_are_added_and_removed_keeping_the_others(agent, agent_client, general):
    case = tickets(1, team=general)[0]
    _post(agent_client, Action.ADD_TAGS, [case.pk], tags="vip-followup refund")
    _post(agent_client, Action.REMOVE_TAGS, [case.pk], tags="refund")
    assert list(case.tags.values_list("name", flat=True)) == ["vip-followup"]
    assert AuditEvent.objects.filter(action="ticket.tags_changed").count() == 2


def test_a_team_change_goes_through_the_transfer(agent_client, general, partner_team):
    case = tickets(1, team=general)[0]
    _post(agent_client, Action.TEAM, [case.pk], team=partner_team.pk)
    assert Ticket.objects.get(pk=case.pk).team_id == partner_team.pk
    assert TimelineEntry.objects.filter(ticket=case, data__event="transferred").exists()


def test_a_macro_replies_in_each_tickets_language_and_runs_its_actions(supervisor, general):
    macro = macro_create(
        actor=supervisor,
        title="Known outage",
        scope="shared",
        variants={"": "We know about the outage.", "de": "Wir kennen die Störung."},
        actions={"status": "pending", "tags": ["outage"]},
    )
    english = tickets(1, team=general)[0]
    german = tickets(
        1, team=general, language="de", body="Meine Auszahlung ist seit zwei Stunden nicht angekommen."
    )[0]
    assert german.language == "de"

    _post(client_for(supervisor), Action.MACRO, [english.pk, german.pk], macro=macro.pk, reply="on")

    replies = dict(TimelineEntry.objects.filter(kind=EntryKind.AGENT_REPLY).values_list("ticket_id", "body"))
    assert replies == {english.pk: "We know about the outage.", german.pk: "Wir kennen die Störung."}
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert AuditEvent.objects.filter(action="macro.applied").count() == 2


def test_bulk_merge_closes_each_duplicate_into_the_target(agent_client, general):
    target, *dups = tickets(3, team=general)
    _post(agent_client, Action.MERGE, [target.pk, *(d.pk for d in dups)], target=target.reference)
    job = BulkJob.objects.get()
    assert (job.done, job.skipped) == (2, 1)
    assert set(Ticket.objects.filter(merged_into=target).values_list("pk", flat=True)) == {d.pk for d in dups}


def test_a_run_that_stops_half_way_resumes_and_changes_no_ticket_twice(agent, bob, general, monkeypatch):
    cases = tickets(4, team=general)
    job = bulk_job_create(
        actor=agent, action=Action.PRIORITY, params={"priority": 3}, ticket_ids=[t.pk for t in cases]
    )
    bulk_job_run(job_id=job.pk, limit=2)
    assert BulkJob.objects.get(pk=job.pk).state == JobState.RUNNING

    # The worker dies after the third ticket's change but before its row is marked: both roll back.
    real = BulkJobItem.save
    calls = {"n": 0}

    def dies(self: BulkJobItem, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        raise SystemExit("worker killed")

    monkeypatch.setattr(BulkJobItem, "save", dies)
    with pytest.raises(SystemExit):
        bulk_job_run(job_id=job.pk)
    monkeypatch.setattr(BulkJobItem, "save", real)
    assert Ticket.objects.filter(priority=3).count() == 2

    finished = bulk_job_run(job_id=job.pk)
    bulk_job_run(job_id=job.pk)
    assert (finished.state, finished.done) == (JobState.FINISHED, 4)
    assert Ticket.objects.filter(priority=3).count() == 4
    # One change per ticket, however many runs: one "priority_changed" event and one audit record each.
    assert TimelineEntry.objects.filter(data__event="priority_changed").count() == 4
    assert AuditEvent.objects.filter(action="ticket.updated").count() == 4
    assert AuditEvent.objects.filter(action="bulk.finished").count() == 1


def test_more_than_the_request_takes_is_queued_and_followed_on_the_job_page(agent_client, general, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cases = tickets(3, team=general)
    original = services.SYNC_LIMIT
    services.SYNC_LIMIT = 2
    queued: list[int] = []
    try:
        from bulk import tasks

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tasks.bulk_job_run_task, "delay", lambda job_id: queued.append(job_id))
            with_commit = agent_client.post(
                reverse("bulk:job-create"),
                {"action": Action.PRIORITY, "tickets": [t.pk for t in cases], "priority": 1},
            )
    finally:
        services.SYNC_LIMIT = original
    job = BulkJob.objects.get()
    assert with_commit.status_code == 302 and job.state == JobState.QUEUED
    progress = agent_client.get(reverse("bulk:job-detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in progress.content.decode()
    bulk_job_run(job_id=job.pk)
    done = agent_client.get(reverse("bulk:job-detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "every 1s" not in done.content.decode() and "3 changed" in done.content.decode()


def test_the_api_starts_a_job_and_reports_each_skipped_ticket(api_client, general, partner_team):
    case = tickets(1, team=general)[0]
    response = api_client.post(
        "/api/bulk/jobs/",
        {"action": "status", "tickets": [case.pk, 999999], "params": {"status": "pending"}},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["done"], body["skipped"]) == ("finished", 1, 1)
    assert body["problems"][0]["ticket"] == 999999
    assert api_client.get(f"/api/bulk/jobs/{body['id']}/").json()["done"] == 1
    bad = api_client.post("/api/bulk/jobs/", {"action": "status", "tickets": [case.pk]}, format="json")
    assert bad.status_code == 400 and bad.json()["message"]


def test_another_agents_job_is_not_found(agent, bob, general):
    case = tickets(1, team=general)[0]
    job = bulk_job_create(actor=agent, action=Action.PRIORITY, params={"priority": 1}, ticket_ids=[case.pk])
    assert client_for(bob).get(reverse("bulk:job-detail", args=[job.pk])).status_code == 404


# --- Statements ------------------------------------------------------------------------------------


def _run_statements(agent: Any, cases: list[Ticket], action: str, params: dict[str, Any]) -> int:
    job = bulk_job_create(actor=agent, action=action, params=params, ticket_ids=[t.pk for t in cases])
    with CaptureQueriesContext(connection) as captured:
        bulk_job_run(job_id=job.pk)
    return len(captured.captured_queries)


# Per ticket, through the single-ticket service with its SLA clock (savepoint, row locks, event, audit).
# Measured: assign 8.5, status 8.5 to 10.5 (when the SLA clock's configuration is read again). Per
# ticket: its job row (locked), the ticket as the actor may see it, the service's row lock, update,
# event and audit record, the clock, the row's outcome and the job's counter, and the savepoints.
ASSIGN_PER_TICKET = 12
STATUS_PER_TICKET = 12


@pytest.mark.parametrize(
    ("action", "params"),
    [(Action.ASSIGN, {"assignee": "bob"}), (Action.STATUS, {"status": Status.PENDING})],
)
def test_a_jobs_statements_grow_by_a_fixed_cost_per_ticket(agent, bob, general, action, params):
    params = {k: bob.pk if v == "bob" else v for k, v in params.items()}
    cases = tickets(6, team=general)
    two = _run_statements(agent, cases[:2], action, params)
    six = _run_statements(agent, cases[2:], action, params)
    per_ticket = (six - two) / 4
    limit = ASSIGN_PER_TICKET if action == Action.ASSIGN else STATUS_PER_TICKET
    assert per_ticket <= limit, per_ticket
    # The rest is the job's own (loading it and its parameters, finishing it) and the first ticket's
    # look-ups that the others reuse.
    assert two - 2 * per_ticket <= 40


BAR_STATEMENTS = 8


def test_the_bulk_bar_costs_a_fixed_number_of_statements(agent_client, general):
    tickets(3, team=general)
    url = reverse("bulk:bar") + "?queue=all"
    agent_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert agent_client.get(url).status_code == 200
    assert len(captured.captured_queries) <= BAR_STATEMENTS, [q["sql"] for q in captured.captured_queries]
