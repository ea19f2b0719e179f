"""Every Celery task, run as beat or a worker runs it: on PostgreSQL, outside any test transaction.

A test wrapped in a transaction hides work that needs one (`select_for_update` outside a transaction
raises only in production). So each task here gets due work, is called through Celery, and must act
on it; run again, it must not act twice. The last tests walk the registered tasks and the beat
schedule and fail when a task has no such test, here or in the file named in TASK_TESTS.
"""

import ast
import datetime as dt
import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail as outbox
from django.db import connection
from django.utils import timezone

from audit.models import AuditSeal
from audit.services import audit_record
from casework.services import ticket_reply, ticket_set_status
from helpdesk.celery import app
from routing.models import TeamMembership, Tier
from sla.models import NoticeKind, SlaNotification, SlaPolicy, TicketClock
from tests.factories import make_agent, make_team, make_ticket
from tests.mail.build import email, make_mailbox
from tests.mail.servers import dovecot_instance, imap_server
from tests.sla.conftest import make_policy
from tickets.models import Status, Ticket, TimelineEntry

__all__ = ["dovecot_instance", "imap_server"]  # fixtures for the IMAP polling tasks

ROOT = Path(__file__).resolve().parents[2]
THIS = "tests/ops/test_every_task_as_beat_runs_it.py"

# Task name -> the test that runs it as beat runs it ("path::function").
TASK_TESTS: dict[str, str] = {
    "bulk.tasks.bulk_jobs_stalled_sweep_task": (
        "tests/bulk/test_bulk_task.py::test_bulk_jobs_stalled_sweep_task_queues_a_job_that_stopped_moving_once"
    ),
    "bulk.tasks.bulk_job_run_task": (
        "tests/bulk/test_bulk_task.py::test_bulk_job_run_task_applies_each_ticket_once_however_often_it_is_delivered"
    ),
    "reports.tasks.reports_rollup_refresh_task": (
        "tests/reports/test_core_metrics.py::test_reports_rollup_refresh_task_as_beat_runs_it"
    ),
    "reports.tasks.reports_metric_rollup_refresh_task": (
        "tests/reports/test_metric_rollup.py::test_the_metric_rollup_task_as_beat_runs_it"
    ),
    "audit.tasks.audit_partitions_ensure_task": (
        "tests/audit/test_partitions.py::test_upkeep_as_beat_runs_it_empties_the_default_partition_and_the_log_still_verifies"
    ),
    "approvals.risk_tasks.risk_assess_task": (
        "tests/approvals/test_risk_steps.py::"
        "test_the_task_as_the_worker_runs_it_stores_an_assessment_and_tolerates_a_missing_ticket"
    ),
    "voice.tasks.voice_callbacks_overdue_task": (
        "tests/voice/test_callback_sweep.py::test_the_overdue_sweep_as_beat_runs_it"
    ),
    "audit.tasks.audit_seal_pending_task": f"{THIS}::test_audit_seal_pending_task",
    "tickets.tasks.tickets_close_solved_task": f"{THIS}::test_tickets_close_solved_task",
    "sla.tasks.sla_sweep_task": f"{THIS}::test_sla_sweep_task",
    "sla.tasks.sla_executive_escalation_task": f"{THIS}::test_sla_executive_escalation_task",
    "sla.tasks.sla_notification_email_task": f"{THIS}::test_sla_notification_email_task",
    "sla.tasks.sla_notifications_outbox_task": f"{THIS}::test_sla_notifications_outbox_task",
    "sla.tasks.sla_recompute_open_task": f"{THIS}::test_sla_recompute_open_task",
    "mail.tasks.mail_send_task": f"{THIS}::test_mail_send_task",
    "mail.tasks.mail_outbox_sweep_task": f"{THIS}::test_mail_outbox_sweep_task",
    "messaging.tasks.messaging_send_task": (
        "tests/messaging/telegram/test_outbox.py::test_messaging_send_task_as_beat_runs_it_sends_once"
    ),
    "messaging.tasks.messaging_outbox_sweep_task": (
        "tests/messaging/telegram/test_outbox.py::"
        "test_messaging_outbox_sweep_task_as_beat_runs_it_sends_a_row_the_broker_never_took"
    ),
    "messaging.whatsapp_templates.whatsapp_templates_refresh_task": (
        "tests/messaging/whatsapp/test_templates_task.py::"
        "test_the_templates_refresh_task_as_beat_runs_it_keeps_each_template_once"
    ),
    "mail.tasks.mail_process_task": f"{THIS}::test_mail_process_task",
    "mail.tasks.mail_poll_mailbox_task": f"{THIS}::test_mail_poll_due_task_and_mail_poll_mailbox_task",
    "mail.tasks.mail_poll_due_task": f"{THIS}::test_mail_poll_due_task_and_mail_poll_mailbox_task",
    "mail.tasks.mail_process_stalled_task": (
        "tests/mail/test_poison_mail.py::test_the_stalled_sweep_gets_past_a_bad_message_to_the_good_ones"
    ),
    "livechat.tasks.chat_offers_sweep_task": (
        "tests/livechat/test_offers_at_once.py::"
        "test_the_offer_sweep_task_as_beat_runs_it_moves_lapsed_offers_and_offers_waiting_chats"
    ),
    "livechat.tasks.chat_offer_lapse_task": (
        "tests/livechat/test_offers_at_once.py::test_a_lapsed_offer_moves_on_through_its_own_timer_without_the_sweep"
    ),
    "incidents.tasks.incident_update_deliver_task": (
        "tests/incidents/test_update_job.py::test_an_incident_update_task_is_idempotent_as_beat_runs_it"
    ),
    "incidents.tasks.incident_deliveries_task": (
        "tests/incidents/test_update_job.py::"
        "test_the_answer_of_a_ticket_linked_at_intake_is_posted_by_its_task_once"
    ),
    "incidents.tasks.incident_stalled_sweep_task": (
        "tests/incidents/test_update_job.py::"
        "test_an_update_job_or_an_answer_lost_on_the_way_to_a_worker_is_queued_again_once"
    ),
    "costs.tasks.chat_work_sweep_task": (
        "tests/costs/test_chat_spans.py::test_the_chat_work_sweep_as_beat_runs_it_records_each_ended_chat_once"
    ),
    "triage.tasks.triage_stalled_sweep_task": (
        "tests/triage/test_lookup_task.py::test_the_stalled_sweep_as_beat_runs_it_queues_a_lost_look_up_once"
    ),
    "triage.tasks.triage_lookup_task": (
        "tests/triage/test_lookup_task.py::test_the_look_up_task_as_the_worker_runs_it_stores_the_same_result_twice"
    ),
    "assistant.tasks.assistant_assess_task": (
        "tests/assistant/test_routing_waits_for_the_reading.py::test_running_the_reading_twice_acts_once"
    ),
    "assistant.tasks.assistant_stalled_sweep_task": (
        "tests/assistant/test_routing_waits_for_the_reading.py::"
        "test_the_sweep_reads_again_a_lost_reading_and_gives_up_on_an_old_one"
    ),
    "routing.tasks.presence_expire_task": (
        "tests/routing/test_tasks_as_beat_runs_them.py::test_presence_lapses_through_the_task_once"
    ),
    "routing.tasks.routing_overflow_sweep_task": (
        "tests/routing/test_tasks_as_beat_runs_them.py::"
        "test_the_overflow_sweep_gives_a_waiting_case_to_an_agent_who_came_online"
    ),
    "notifications.tasks.notifications_digest_task": (
        "tests/notifications/test_notifications.py::"
        "test_the_digest_task_as_beat_runs_it_mails_each_person_once_for_a_surge"
    ),
    "csat.tasks.csat_survey_sweep_task": (
        "tests/csat/test_sweep_sends_once.py::test_the_sweep_task_as_beat_runs_it_surveys_a_solved_ticket_once"
    ),
    "approvals.tasks.approval_execute_task": (
        "tests/approvals/test_execute_once.py::"
        "test_an_approved_unlock_runs_once_and_the_customer_is_told_in_their_language_once"
    ),
    "approvals.tasks.approvals_expire_sweep_task": (
        "tests/approvals/test_expire_sweep.py::"
        "test_the_expiry_sweep_task_expires_overdue_requests_once_and_leaves_the_others"
    ),
    "approvals.tasks.approvals_due_sweep_task": (
        "tests/approvals/test_expire_sweep.py::"
        "test_the_due_sweep_task_runs_an_approved_request_once_its_cooling_off_is_over"
    ),
    "queueviews.tasks.vocabulary_sweep_task": (
        "tests/queueviews/test_vocabulary.py::test_the_sweep_task_as_beat_runs_it_adds_new_words_once"
    ),
    "volatility.tasks.surge_sweep_task": (
        "tests/volatility/test_surge_sweep.py::test_the_sweep_task_stores_a_surge_in_the_last_closed_bucket_once"
    ),
}


def _outside_a_transaction() -> None:
    assert connection.vendor == "postgresql"
    assert not connection.in_atomic_block


def _policy(**fields: Any) -> SlaPolicy:
    # A transactional test starts from an empty database, but the one before may have left seeds.
    SlaPolicy.objects.all().delete()
    return make_policy(**fields)


# --- Audit and tickets ----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_audit_seal_pending_task():
    from audit.tasks import audit_seal_pending_task

    _outside_a_transaction()
    team = make_team()
    audit_record(action="team.checked", obj=team, actor_label="system:test")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert audit_seal_pending_task.delay().get() > 0
        assert audit_seal_pending_task.delay().get() == 0
    assert AuditSeal.objects.count() >= 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_tickets_close_solved_task():
    from casework.tasks import tickets_close_solved_task

    _outside_a_transaction()
    ticket = make_ticket(team=make_team())
    ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)
    later = timezone.now() + dt.timedelta(days=settings.HELPDESK_AUTOCLOSE_DAYS, hours=1)
    with time_machine.travel(later):
        assert tickets_close_solved_task.delay().get() == 1
        assert tickets_close_solved_task.delay().get() == 0
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_solved_ticket_that_cannot_be_closed_does_not_keep_the_others_open(monkeypatch):
    import casework.services
    from casework.tasks import tickets_close_solved_task

    team = make_team()
    broken, fine = make_ticket(team=team), make_ticket(team=team)
    for ticket in (broken, fine):
        ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)
    real = casework.services.sla_recompute

    def recompute(*, ticket: Ticket, **kwargs: Any) -> Any:
        if ticket.pk == broken.pk:
            raise RuntimeError("this ticket is broken")
        return real(ticket=ticket, **kwargs)

    monkeypatch.setattr(casework.services, "sla_recompute", recompute)
    with time_machine.travel(timezone.now() + dt.timedelta(days=settings.HELPDESK_AUTOCLOSE_DAYS, hours=1)):
        assert tickets_close_solved_task.delay().get() == 1
    assert Ticket.objects.get(pk=fine.pk).status == Status.CLOSED
    assert Ticket.objects.get(pk=broken.pk).status == Status.SOLVED


# --- SLA ------------------------------------------------------------------------------------------


def _team_with_lead() -> tuple[Any, Any]:
    team = make_team(name="General", slug="general")
    lead = make_agent(username="lena", email="lena@support.example")
    TeamMembership.objects.create(team=team, user=lead, is_lead=True)
    return team, lead


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sla_sweep_task():
    from sla.tasks import sla_sweep_task

    _outside_a_transaction()
    _policy(first_response_target=dt.timedelta(hours=1), resolution_target=None)
    team, _lead = _team_with_lead()
    with time_machine.travel(timezone.now() - dt.timedelta(hours=3)):
        ticket = make_ticket(team=team, assignee=make_agent(username="alice"))
    assert sla_sweep_task.delay().get() == 1
    assert sla_sweep_task.delay().get() == 0
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="sla_breached").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sla_executive_escalation_task():
    from sla.tasks import sla_executive_escalation_task

    _outside_a_transaction()
    _policy()
    general = make_team(name="General", slug="general")
    executive = make_team(name="Executive", slug="executive", tier=Tier.EXECUTIVE, languages=[])
    erin = make_agent(username="erin")
    TeamMembership.objects.create(team=executive, user=erin, is_lead=True)
    with time_machine.travel(
        timezone.now() - dt.timedelta(days=settings.SLA_EXECUTIVE_ESCALATION_DAYS, hours=1)
    ):
        ticket = make_ticket(team=general)
    assert sla_executive_escalation_task.delay().get() == 1
    assert sla_executive_escalation_task.delay().get() == 0
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier, ticket.assignee) == (executive, Tier.EXECUTIVE, erin)
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="executive_escalation").count() == 1


def _unsent_notice() -> SlaNotification:
    _policy()
    team, lead = _team_with_lead()
    ticket = make_ticket(team=team)
    return SlaNotification.objects.create(
        ticket=ticket,
        recipient=lead,
        kind=NoticeKind.BREACH,
        target="first_response",
        created_at=timezone.now() - dt.timedelta(minutes=10),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sla_notification_email_task():
    from sla.tasks import sla_notification_email_task

    _outside_a_transaction()
    notice = _unsent_notice()
    outbox.outbox.clear()
    assert sla_notification_email_task.delay(notice.pk).get() == 1
    assert sla_notification_email_task.delay(notice.pk).get() == 0
    assert [m.to for m in outbox.outbox] == [["lena@support.example"]]
    notice.refresh_from_db()
    assert notice.emailed_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sla_notifications_outbox_task():
    from sla.tasks import sla_notifications_outbox_task

    _outside_a_transaction()
    notice = _unsent_notice()
    outbox.outbox.clear()
    assert sla_notifications_outbox_task.delay().get() == 1
    assert sla_notifications_outbox_task.delay().get() == 0
    assert len(outbox.outbox) == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sla_recompute_open_task():
    from sla.tasks import sla_recompute_open_task

    _outside_a_transaction()
    policy = _policy(first_response_target=dt.timedelta(hours=1))
    ticket = make_ticket(team=make_team())
    opened = TicketClock.objects.get(ticket=ticket).first_response_due_at
    assert opened is not None
    # An admin lengthens the target behind the clocks' back: the recompute puts them right.
    SlaPolicy.objects.filter(pk=policy.pk).update(first_response_target=dt.timedelta(hours=4))
    events = TimelineEntry.objects.filter(ticket=ticket).count()

    assert sla_recompute_open_task.delay().get() == 1
    first = TicketClock.objects.get(ticket=ticket).first_response_due_at
    assert sla_recompute_open_task.delay().get() == 1
    assert (
        TicketClock.objects.get(ticket=ticket).first_response_due_at
        == first
        == opened + dt.timedelta(hours=3)
    )
    assert TimelineEntry.objects.filter(ticket=ticket).count() == events


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_sla_mail_the_server_refuses_does_not_hold_up_the_others(monkeypatch):
    import sla.services.notices
    from sla.tasks import sla_notifications_outbox_task

    refused = _unsent_notice()
    other = SlaNotification.objects.create(
        ticket=refused.ticket,
        recipient=make_agent(username="otto", email="otto@support.example"),
        kind=NoticeKind.BREACH,
        target="first_response",
        created_at=timezone.now() - dt.timedelta(minutes=5),
    )
    real = sla.services.notices._mail

    def mail(notice: SlaNotification) -> None:
        if notice.pk == refused.pk:
            raise OSError("550 mailbox unavailable")
        real(notice)

    monkeypatch.setattr(sla.services.notices, "_mail", mail)
    outbox.outbox.clear()
    assert sla_notifications_outbox_task.delay().get() == 1
    assert [m.to for m in outbox.outbox] == [["otto@support.example"]]
    assert SlaNotification.objects.get(pk=refused.pk).emailed_at is None
    assert SlaNotification.objects.get(pk=other.pk).emailed_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_clock_that_cannot_be_recomputed_does_not_leave_the_others_on_old_rules(monkeypatch):
    import sla.services.clock
    from sla.tasks import sla_recompute_open_task

    policy = _policy(first_response_target=dt.timedelta(hours=1))
    team = make_team()
    broken, fine = make_ticket(team=team), make_ticket(team=team)
    before = TicketClock.objects.get(ticket=fine).first_response_due_at
    assert before is not None
    SlaPolicy.objects.filter(pk=policy.pk).update(first_response_target=dt.timedelta(hours=4))
    real = sla.services.clock.sla_recompute

    def recompute(*, ticket: Ticket, **kwargs: Any) -> Any:
        if ticket.pk == broken.pk:
            raise RuntimeError("this clock is broken")
        return real(ticket=ticket, **kwargs)

    monkeypatch.setattr(sla.services.clock, "sla_recompute", recompute)
    assert sla_recompute_open_task.delay().get() == 1
    assert TicketClock.objects.get(ticket=fine).first_response_due_at == before + dt.timedelta(hours=3)


# --- Mail -----------------------------------------------------------------------------------------


def _email_ticket() -> Ticket:
    from mail.services import inbound_process, inbound_receive

    mailbox = make_mailbox(send_acknowledgement=False)
    message, _created = inbound_receive(raw=email(subject="Deposit missing"), source="pipe", mailbox=mailbox)
    ticket = inbound_process(message=message).ticket
    assert ticket is not None
    return ticket


def _queued_reply() -> Any:
    from mail.models import OutboundMessage, OutboundStatus

    ticket = _email_ticket()
    ticket_reply(ticket=ticket, author=make_agent(username="alice"), body="Your deposit is credited.")
    out = OutboundMessage.objects.get(ticket=ticket)
    # As if the broker had been down when the reply committed: stored, never handed to a worker.
    OutboundMessage.objects.filter(pk=out.pk).update(
        status=OutboundStatus.QUEUED,
        attempts=0,
        sent_at=None,
        created_at=timezone.now() - dt.timedelta(hours=1),
    )
    outbox.outbox.clear()
    return out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mail_send_task():
    from mail.models import OutboundStatus
    from mail.tasks import mail_send_task

    _outside_a_transaction()
    out = _queued_reply()
    assert mail_send_task.delay(out.pk).get() == OutboundStatus.SENT
    assert mail_send_task.delay(out.pk).get() == OutboundStatus.SENT
    assert [m.to for m in outbox.outbox] == [["ana@mail.example"]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mail_outbox_sweep_task():
    from mail.models import OutboundMessage, OutboundStatus
    from mail.tasks import mail_outbox_sweep_task

    _outside_a_transaction()
    out = _queued_reply()
    assert mail_outbox_sweep_task.delay().get() == 1
    assert mail_outbox_sweep_task.delay().get() == 0
    assert len(outbox.outbox) == 1
    assert OutboundMessage.objects.get(pk=out.pk).status == OutboundStatus.SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mail_process_task():
    from mail.models import InboundStatus
    from mail.services import inbound_receive
    from mail.tasks import mail_process_task

    _outside_a_transaction()
    mailbox = make_mailbox(send_acknowledgement=False)
    message, created = inbound_receive(
        raw=email(subject="Card payment failed"), source="pipe", mailbox=mailbox
    )
    assert created
    assert mail_process_task.delay(message.pk).get() == InboundStatus.PROCESSED
    assert mail_process_task.delay(message.pk).get() == InboundStatus.PROCESSED
    assert list(Ticket.objects.values_list("subject", flat=True)) == ["Card payment failed"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mail_poll_due_task_and_mail_poll_mailbox_task(imap_server: Any, settings: Any):
    from mail.tasks import mail_poll_due_task, mail_poll_mailbox_task

    _outside_a_transaction()
    settings.MAIL_IMAP_CA_FILE = imap_server.ca_file
    mailbox = make_mailbox(
        send_acknowledgement=False,
        imap_host=imap_server.host,
        imap_port=imap_server.port,
        imap_username=imap_server.username,
        imap_password=imap_server.password,
    )
    imap_server.append(email(subject="Through beat"))
    assert mail_poll_due_task.delay().get() == 1  # polls the mailbox through mail_poll_mailbox_task
    assert mail_poll_due_task.delay().get() == 0  # just polled: not due again yet
    imap_server.append(email(subject="Polled directly"))
    assert mail_poll_mailbox_task.delay(mailbox.pk).get()["fetched"] == 1
    assert mail_poll_mailbox_task.delay(mailbox.pk).get()["fetched"] == 0
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["Polled directly", "Through beat"]


# --- Every task has such a test -------------------------------------------------------------------


def _project_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {name for name in app.tasks if not name.startswith("celery.")}


def _scheduled_tasks() -> set[str]:
    import helpdesk.migrations

    names = {entry["task"] for entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).values()}
    for info in pkgutil.iter_modules(helpdesk.migrations.__path__):
        module = importlib.import_module(f"helpdesk.migrations.{info.name}")
        names.update(task for _name, task, *_rest in getattr(module, "SCHEDULES", ()))
    return names


def _marked_as_beat_runs_it(tree: ast.Module, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The test, or its module's `pytestmark`, asks for a transactional PostgreSQL database."""
    marks = [ast.unparse(d) for d in function.decorator_list]
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
            marks.append(ast.unparse(node.value))
    text = " ".join(marks)
    return "transaction=True" in text and "postgres" in text


def test_every_task_and_every_beat_schedule_entry_has_a_test_that_runs_it_as_beat_does():
    tasks, scheduled = _project_tasks(), _scheduled_tasks()
    assert scheduled <= tasks, f"beat schedules tasks that do not exist: {sorted(scheduled - tasks)}"
    missing = sorted(tasks - set(TASK_TESTS))
    assert not missing, f"tasks without a test that runs them outside a transaction: {missing}"
    problems = []
    for task, where in TASK_TESTS.items():
        path, name = where.split("::")
        file = ROOT / path
        if not file.exists():
            problems.append(f"{task}: {path} is missing")
            continue
        tree = ast.parse(file.read_text())
        found = [
            n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name
        ]
        if not found:
            problems.append(f"{task}: no test {name} in {path}")
        elif task.rsplit(".", 1)[1] not in ast.unparse(found[0]):
            problems.append(f"{task}: {name} does not call the task")
        elif not _marked_as_beat_runs_it(tree, found[0]):
            problems.append(f"{task}: {name} is not a transactional PostgreSQL test")
    assert not problems, problems
