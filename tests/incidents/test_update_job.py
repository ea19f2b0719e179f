"""One update goes to every linked ticket through a background job: in each customer's language, through
each ticket's channel, at most once per ticket however often the job runs, with its progress stored;
resolving solves the linked tickets that have nothing else open. Run as the worker runs it: on
PostgreSQL, outside a test transaction, through Celery."""

from typing import Any

import pytest
from django.db import connection, transaction

from incidents.linking import incident_link
from incidents.models import DeliveryState, IncidentDelivery, IncidentUpdate, JobState
from incidents.services import incident_resolve, incident_update_post
from incidents.tasks import incident_update_deliver_task
from intake.pipeline import customer_message_add
from mail.models import OutboundMessage
from tests.factories import make_agent, make_customer, make_ticket
from tests.incidents.conftest import TRON_MESSAGES, declare_tron
from tickets.models import Channel, EntryKind, Status, Ticket, TimelineEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRON_MESSAGES_EN = TRON_MESSAGES["en"]
RU = "Очередь выводов TRC-20 разбирается."
EN = "The TRC-20 withdrawal queue is draining."


def _linked(incident: Any, n: int, *, language: str = "en", channel: str = Channel.WEB) -> list[Ticket]:
    tickets = []
    for i in range(n):
        customer = make_customer(
            external_id=f"EX-{language}-{channel}-{i}", language=language, email=f"c{i}@example.com"
        )
        # The customer writes in their language: the ticket's language follows their words.
        body = {"ru": "Мой вывод USDT не пришёл уже два часа."}.get(language, "My withdrawal is pending.")
        ticket = make_ticket(customer=customer, channel=channel, language=language, body=body)
        incident_link(incident=incident, ticket=ticket, actor=None, source="demo", answer=False)
        tickets.append(ticket)
    return tickets


def _replies(ticket: Ticket) -> list[str]:
    return list(
        TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY).values_list("body", flat=True)
    )


def test_an_update_reaches_every_linked_ticket_in_its_language_through_its_channel_once(general):
    assert not connection.in_atomic_block
    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    russian = _linked(tron, 3, language="ru")
    english_mail = _linked(tron, 2, channel=Channel.EMAIL)
    update = incident_update_post(
        incident=tron, actor=sam, status="identified", messages={"en": EN, "ru": RU}
    )
    # The job ran after commit (eager in tests): every ticket has the message once.
    assert {_replies(t)[0] for t in russian} == {RU}
    assert {_replies(t)[0] for t in english_mail} == {EN}
    assert OutboundMessage.objects.filter(ticket__in=english_mail).count() == 2
    update.refresh_from_db()
    assert (update.job_state, update.total, update.done, update.failed) == (JobState.FINISHED, 5, 5, 0)
    # Running the job again (a redelivered task, a second worker) posts nothing twice.
    assert incident_update_deliver_task.delay(update.pk).get() == {"total": 5, "done": 5, "failed": 0}
    assert all(len(_replies(t)) == 1 for t in russian + english_mail)
    assert OutboundMessage.objects.filter(ticket__in=english_mail).count() == 2


def test_a_delivery_another_worker_holds_is_skipped_not_posted_twice(general):
    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    tickets = _linked(tron, 4)
    with transaction.atomic():
        update = incident_update_post(incident=tron, actor=sam, status="monitoring", messages={"en": EN})
        # Rows exist before the job runs: as the first worker had inserted them.
        IncidentDelivery.objects.bulk_create(
            [IncidentDelivery(update=update, ticket=t, created_at=update.posted_at) for t in tickets]
        )
        transaction.on_commit(lambda: None)
    # The job ran after that commit; a second run finds nothing pending.
    assert incident_update_deliver_task.delay(update.pk).get()["done"] == 4
    assert IncidentDelivery.objects.filter(update=update, state=DeliveryState.SENT).count() == 4
    assert all(len(_replies(t)) == 1 for t in tickets)


def test_while_a_worker_holds_a_row_the_other_passes_it_by(general):
    """SELECT ... FOR UPDATE SKIP LOCKED: a row another worker holds is left to it."""
    import psycopg
    from django.conf import settings

    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    tickets = _linked(tron, 3)
    update = IncidentUpdate.objects.create(
        incident=tron, status="monitoring", posted_by=sam, posted_at=tron.declared_at
    )
    update.messages.create(language="en", text=EN)
    rows = IncidentDelivery.objects.bulk_create(
        [IncidentDelivery(update=update, ticket=t, created_at=update.posted_at) for t in tickets]
    )
    db = settings.DATABASES["default"]
    other = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    try:
        other.execute("SELECT id FROM incidents_incidentdelivery WHERE id = %s FOR UPDATE", [rows[0].pk])
        progress = incident_update_deliver_task.delay(update.pk).get()
        assert progress == {"total": 3, "done": 2, "failed": 0}
        assert _replies(tickets[0]) == []
        assert IncidentUpdate.objects.get(pk=update.pk).job_state != JobState.FINISHED
    finally:
        other.rollback()
        other.close()
    assert incident_update_deliver_task.delay(update.pk).get() == {"total": 3, "done": 3, "failed": 0}
    assert [len(_replies(t)) for t in tickets] == [1, 1, 1]
    assert IncidentUpdate.objects.get(pk=update.pk).job_state == JobState.FINISHED


def test_one_failing_ticket_does_not_stop_the_job(general, monkeypatch):
    import incidents.services

    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    tickets = _linked(tron, 3)
    real = incidents.services.public_message_post

    def post(*, ticket: Ticket, **kwargs: Any) -> Any:
        if ticket.pk == tickets[1].pk:
            raise RuntimeError("channel down")
        return real(ticket=ticket, **kwargs)

    monkeypatch.setattr(incidents.services, "public_message_post", post)
    update = incident_update_post(incident=tron, actor=sam, status="identified", messages={"en": EN})
    update.refresh_from_db()
    assert (update.total, update.done, update.failed, update.job_state) == (3, 2, 1, JobState.FINISHED)
    failed = IncidentDelivery.objects.get(update=update, ticket=tickets[1])
    assert (failed.state, failed.detail) == (DeliveryState.FAILED, "RuntimeError")
    assert [len(_replies(t)) for t in tickets] == [1, 0, 1]
    # The supervisor sees which ticket did not get it, and why.
    from django.test import Client

    client = Client()
    client.force_login(sam)
    page = client.get(f"/incidents/{tron.pk}/").content.decode()
    assert "Not posted: failures" in page and tickets[1].reference in page and "RuntimeError" in page


def test_resolving_solves_the_linked_tickets_that_have_nothing_else_open(general):
    sam = make_agent(username="sam", role="supervisor")
    alice = make_agent(username="alice")
    tron = declare_tron(sam)
    other = declare_tron(sam, title="Login trouble", networks=[], assets=[], features=["login"], keywords=[])
    quiet, asked_more, answered, on_two, already_solved = _linked(tron, 5)
    # The customer wrote again after the link and nobody answered: still open after the resolution.
    customer_message_add(ticket=asked_more, body="Also, my KYC is stuck")
    # The customer wrote again and an agent answered: nothing left open.
    customer_message_add(ticket=answered, body="Any news?")
    from casework.services import ticket_reply, ticket_set_status

    ticket_reply(ticket=answered, author=alice, body="We are on it.")
    incident_link(incident=other, ticket=on_two, actor=alice)
    ticket_set_status(ticket=already_solved, actor=alice, status=Status.SOLVED)

    update = incident_resolve(incident=tron, actor=sam, messages={"en": "Resolved: all withdrawals sent."})
    status = {
        t.pk: s
        for t, s in (
            (t, Ticket.objects.get(pk=t.pk).status)
            for t in (quiet, asked_more, answered, on_two, already_solved)
        )
    }
    assert status == {
        quiet.pk: Status.SOLVED,
        asked_more.pk: Status.OPEN,
        answered.pk: Status.SOLVED,
        on_two.pk: Status.OPEN,
        already_solved.pk: Status.SOLVED,
    }
    assert all(
        "Resolved: all withdrawals sent." in _replies(t) for t in (quiet, asked_more, answered, on_two)
    )
    assert set(
        IncidentDelivery.objects.filter(update=update, solved=True).values_list("ticket_id", flat=True)
    ) == {
        quiet.pk,
        answered.pk,
    }
    # The solve is the resolving supervisor's, on the timeline.
    event = TimelineEntry.objects.get(ticket=quiet, data__event="status_changed", data__to="solved")
    assert event.author_id == sam.pk


def test_an_incident_update_task_is_idempotent_as_beat_runs_it(general):
    """The case tests/ops/test_every_task_as_beat_runs_it.py names for incident_update_deliver_task."""
    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    tickets = _linked(tron, 2)
    with transaction.atomic():
        update = incident_update_post(incident=tron, actor=sam, status="identified", messages={"en": EN})
    first = incident_update_deliver_task.delay(update.pk).get()
    again = incident_update_deliver_task.delay(update.pk).get()
    assert first == again == {"total": 2, "done": 2, "failed": 0}
    assert [len(_replies(t)) for t in tickets] == [1, 1]


@pytest.mark.usefixtures("with_incident_step")
def test_the_answer_of_a_ticket_linked_at_intake_is_posted_by_its_task_once(general):
    from incidents.tasks import incident_deliveries_task
    from intake.pipeline import ticket_open

    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    customer = make_customer(external_id="EX-9", language="ru")
    ticket = ticket_open(customer=customer, subject="Вывод", body="Вывод USDT TRC20 не пришёл", language="ru")
    delivery = IncidentDelivery.objects.get(ticket=ticket)
    assert (delivery.update_id, delivery.state) == (tron.current_update_id, DeliveryState.SENT)
    assert incident_deliveries_task.delay(delivery.update_id, [delivery.pk]).get() == 0
    assert len(_replies(ticket)) == 1


def test_an_update_job_or_an_answer_lost_on_the_way_to_a_worker_is_queued_again_once(general, monkeypatch):
    """As beat runs incident_stalled_sweep_task: the broker was down when the update and the link
    committed, so nothing was posted; the sweep queues both again, once, and each ticket gets one."""
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from incidents.tasks import incident_deliveries_task, incident_stalled_sweep_task

    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    linked = _linked(tron, 2)
    answered_later = make_ticket(customer=make_customer(external_id="EX-late"))
    lost: list[object] = []
    monkeypatch.setattr(incident_update_deliver_task, "delay", lambda *a: lost.append(a))
    monkeypatch.setattr(incident_deliveries_task, "delay", lambda *a: lost.append(a))
    update = incident_update_post(incident=tron, actor=sam, status="identified", messages={"en": EN})
    # An answer at the link, on another incident that has had no update since its declaration.
    login = declare_tron(sam, title="Sign-in errors", networks=[], assets=[], features=["login"], keywords=[])
    incident_link(incident=login, ticket=answered_later, actor=sam)
    assert len(lost) == 2 and all(_replies(t) == [] for t in (*linked, answered_later))
    monkeypatch.undo()

    assert incident_stalled_sweep_task.delay().get() == 0  # not quiet for long enough yet
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        assert incident_stalled_sweep_task.delay().get() == 2
        assert incident_stalled_sweep_task.delay().get() == 0
    assert [_replies(t) for t in linked] == [[EN], [EN]]
    assert _replies(answered_later) == [TRON_MESSAGES_EN]
    assert IncidentUpdate.objects.get(pk=update.pk).job_state == JobState.FINISHED
