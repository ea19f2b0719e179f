"""The intake step: a customer's message becomes mentions at once, and a look-up is queued after the
commit only when there is a hash or an address to look up (never HTTP inside intake)."""

import pytest

from intake import pipeline
from intake.pipeline import customer_message_add
from tests.factories import make_customer
from tickets.attachments import IncomingFile
from triage.models import Mention, TicketTriage
from triage.steps import triage_step

from .scenario import DEPOSIT, ETH

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The look-ups the commit would queue (recorded, not run: these tests are about intake)."""
    calls: list[int] = []
    from triage import tasks

    monkeypatch.setattr(tasks.triage_lookup_task, "delay", lambda ticket_id: calls.append(ticket_id))
    return calls


def open_ticket(body, **fields):
    return pipeline.ticket_open(customer=make_customer(), subject="Deposit", body=body, **fields)


def test_a_hash_an_address_an_amount_and_a_network_become_mentions_and_a_look_up_is_queued_after_commit(
    with_triage_step, queued, django_capture_on_commit_callbacks
):
    body = f"Sent 250 USDT over BSC: {ETH['usdt_deposit']} to {DEPOSIT}"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = open_ticket(body)
    mentions = {(m.kind, m.value) for m in Mention.objects.filter(ticket=ticket)}
    assert ("tx_hash", ETH["usdt_deposit"]) in mentions
    assert ("address", DEPOSIT) in mentions
    assert ("network", "bsc") in mentions
    assert ("amount", "250") in mentions
    assert TicketTriage.objects.get(ticket=ticket).state == "pending"
    assert queued == []  # nothing left intake before the commit
    for callback in callbacks:
        callback()
    assert queued == [ticket.pk]


def test_a_message_with_nothing_to_look_up_stores_its_network_words_and_queues_nothing(
    with_triage_step, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket("My withdrawal over Tron is slow, reference HD-123, 2FA code 123456")
    assert list(Mention.objects.filter(ticket=ticket).values_list("kind", "value")) == [("network", "tron")]
    assert not TicketTriage.objects.filter(ticket=ticket).exists()
    assert queued == []


def test_attachment_file_names_are_read_too(with_triage_step, queued):
    screenshot = IncomingFile(
        filename=f"{ETH['usdt_deposit']}.png",
        content=b"\x89PNG\r\n\x1a\n" + bytes(16),
        declared_type="image/png",
    )
    ticket = open_ticket("see the screenshot", attachments=[screenshot])
    mention = Mention.objects.get(ticket=ticket, kind="tx_hash")
    assert mention.source == f"attachment:{ETH['usdt_deposit']}.png"


def test_the_step_costs_a_fixed_number_of_statements_however_many_mentions(
    with_triage_step, queued, django_assert_max_num_queries
):
    ticket = open_ticket("hello")
    hashes = " ".join("0x" + f"{i:02x}" * 32 for i in range(1, 30))
    entry = customer_message_add(ticket=ticket, body="first")
    entry.body = f"all my deposits: {hashes} on ethereum"
    intake = pipeline.Intake(now=entry.created_at, entry=entry)
    # savepoint, attachments, bulk insert, triage update (+ insert the first time), release
    with django_assert_max_num_queries(6):
        triage_step(ticket, intake)
    assert Mention.objects.filter(entry=entry, kind="tx_hash").count() == 29


def test_the_same_entry_stored_twice_keeps_one_row_per_mention(with_triage_step, queued):
    ticket = open_ticket(f"tx {ETH['usdt_deposit']}")
    entry = ticket.entries.get(kind="customer_message")
    triage_step(ticket, pipeline.Intake(now=entry.created_at, entry=entry))
    assert Mention.objects.filter(ticket=ticket).count() == 1


def test_a_new_customer_message_asks_for_a_new_look_up_even_without_a_hash(
    with_triage_step, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(f"tx {ETH['usdt_deposit']}")
    TicketTriage.objects.filter(ticket=ticket).update(state="done")
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_add(ticket=ticket, body="Any news?")
    triage = TicketTriage.objects.get(ticket=ticket)
    assert (triage.state, triage.generation) == ("pending", 2)
    assert queued == [ticket.pk, ticket.pk]


def test_a_failing_extraction_never_blocks_intake_and_says_so_on_the_triage(
    with_triage_step, queued, monkeypatch
):
    import triage.services

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(triage.services, "extract", broken)
    ticket = open_ticket(f"tx {ETH['usdt_deposit']}")
    assert ticket.entries.filter(kind="customer_message").count() == 1
    stored = TicketTriage.objects.get(ticket=ticket)
    assert stored.state == "failed"
    assert stored.errors == [
        {"source": "triage", "message": "Mentions could not be read (RuntimeError).", "stale": ""}
    ]


def test_an_html_email_is_read_as_text():
    from tickets.models import TimelineEntry
    from triage.services import entry_text

    entry = TimelineEntry(body="<p>hash&nbsp;<b>0xab</b> &amp; more</p>", body_format="html")
    assert entry_text(entry) == "hash\xa00xab & more"


def test_a_message_right_after_a_look_up_or_while_one_runs_queues_nothing_more(with_triage_step, queued):
    from django.utils import timezone

    ticket = open_ticket(f"tx {ETH['usdt_deposit']}")
    customer_message_add(ticket=ticket, body="hello?")  # still pending: the queued look-up will see it
    assert TicketTriage.objects.get(ticket=ticket).generation == 1
    TicketTriage.objects.filter(ticket=ticket).update(state="done", looked_up_at=timezone.now())
    customer_message_add(ticket=ticket, body="thanks")
    assert TicketTriage.objects.get(ticket=ticket).state == "done"
    customer_message_add(ticket=ticket, body=f"and this one: {ETH['usdt_withdrawal']}")
    assert TicketTriage.objects.get(ticket=ticket).generation == 2


def test_messages_that_name_nothing_ask_once_whether_a_look_up_is_due_then_not_again_for_a_while(
    with_triage_step, queued, django_assert_num_queries
):
    from django.utils import timezone

    from intake.types import Intake
    from triage.services import RELOOK_AFTER

    ticket = open_ticket(f"tx {ETH['usdt_deposit']}")
    TicketTriage.objects.filter(ticket=ticket).update(state="done", looked_up_at=timezone.now())
    first = customer_message_add(ticket=ticket, body="ok")
    second = customer_message_add(ticket=ticket, body="thanks")
    now = timezone.now()

    # The look-up ran moments ago: the first message read that, the next ones need not.
    with django_assert_num_queries(0):
        triage_step(ticket, Intake(now=now, entry=second))
    assert TicketTriage.objects.get(ticket=ticket).generation == 1
    # Past RELOOK_AFTER the facts are looked up again.
    later = now + RELOOK_AFTER
    TicketTriage.objects.filter(ticket=ticket).update(looked_up_at=later - RELOOK_AFTER * 2)
    triage_step(ticket, Intake(now=later, entry=first))
    assert TicketTriage.objects.get(ticket=ticket).generation == 2
