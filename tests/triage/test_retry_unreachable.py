"""A look-up that ended partial or failed because a source could not be reached is looked up again by the
beat sweep, as beat runs it (outside any transaction, on PostgreSQL, over real HTTP): after 1, 2 then 4
minutes, at most 3 times, only while the ticket is open and the last look-up is under an hour old, and
never for a hash that every source answered for."""

import datetime as dt
from typing import cast

import pytest
import time_machine
from django.db import connection
from django.test import Client

from customers.models import Customer
from intake.pipeline import customer_message_add
from tickets.models import Ticket
from triage.models import TicketTriage
from triage.services import RETRY_MAX
from triage.tasks import triage_stalled_sweep_task

from .scenario import ETH, codes, deposit, triage_of, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_triage_step", "reference_chains"),
]


def sweep() -> int:
    assert not connection.in_atomic_block
    return triage_stalled_sweep_task.delay().get()


def due(triage: TicketTriage) -> dt.datetime:
    assert triage.retry_at is not None
    return triage.retry_at


def looked(triage: TicketTriage) -> dt.datetime:
    assert triage.looked_up_at is not None
    return triage.looked_up_at


def written_while_the_exchange_is_down(reference_exchange) -> Ticket:
    deposit(ETH["usdt_deposit"], status="completed")
    reference_exchange.go_down()
    ticket = write(f"I sent 250 USDT, tx {ETH['usdt_deposit']}, where is it?")
    triage = triage_of(ticket)
    assert triage.state == "partial"
    assert "exchange:transfer_by_tx_hash" in {e["source"] for e in triage.errors}
    return ticket


def test_an_exchange_that_comes_back_gives_the_diagnosis_at_the_first_retry_and_not_before(
    reference_exchange, agent
):
    ticket = written_while_the_exchange_is_down(reference_exchange)
    triage = triage_of(ticket)
    assert triage.retry_at is not None and triage.looked_up_at is not None
    assert due(triage) - triage.looked_up_at == dt.timedelta(minutes=1)
    assert "credited" not in codes(ticket)  # the chain alone cannot tell it was credited

    client = Client()
    client.force_login(agent)
    html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert "Partial: a source did not answer" in html
    assert "the look-up will try again at" in html

    reference_exchange.come_back()
    assert sweep() == 0  # before the backoff
    assert triage_of(ticket).state == "partial"

    with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
        assert sweep() == 1
        done = triage_of(ticket)
        assert done.state == "done", done.errors
        assert codes(ticket) == ["credited"]
        assert done.errors == [] and done.retry_at is None and done.unreachable_retries == 1
        assert sweep() == 0  # run twice: queued once
        html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
        assert "will try again" not in html and "Credited: nothing wrong" in html


def test_at_most_three_retries_one_two_then_four_minutes_after_the_last_look_up(reference_exchange):
    ticket = written_while_the_exchange_is_down(reference_exchange)
    gaps = []
    for attempt in range(1, RETRY_MAX + 1):
        triage = triage_of(ticket)
        assert triage.retry_at is not None and triage.looked_up_at is not None
        gaps.append(due(triage) - triage.looked_up_at)
        with time_machine.travel(due(triage) - dt.timedelta(seconds=5)):
            assert sweep() == 0
        with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
            assert sweep() == 1
            assert sweep() == 0
        after = triage_of(ticket)
        assert after.state == "partial" and after.unreachable_retries == attempt
        assert looked(after) > looked(triage)
    assert gaps == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    last = triage_of(ticket)
    assert last.retry_at is None
    reference_exchange.come_back()
    with time_machine.travel(looked(last) + dt.timedelta(minutes=10)):
        assert sweep() == 0
    assert triage_of(ticket).state == "partial"


def test_a_new_customer_message_starts_the_count_again(reference_exchange):
    ticket = written_while_the_exchange_is_down(reference_exchange)
    TicketTriage.objects.filter(ticket=ticket).update(unreachable_retries=RETRY_MAX)
    customer_message_add(ticket=ticket, body=f"Still nothing for {ETH['usdt_deposit']}")
    triage = triage_of(ticket)
    assert triage.state == "partial" and triage.unreachable_retries == 0 and triage.retry_at is not None


def test_a_hash_every_source_answered_for_is_not_retried(reference_exchange):
    deposit(ETH["usdt_deposit"], status="completed")  # the customer is known; this hash is not
    unknown = "0x" + "7a" * 32
    ticket = write(f"deposit {unknown} missing")
    triage = triage_of(ticket)
    assert triage.state == "done" and codes(ticket) == ["not_found"]
    assert triage.retry_at is None
    with time_machine.travel(looked(triage) + dt.timedelta(minutes=5)):
        assert sweep() == 0


def test_a_closed_ticket_or_a_look_up_over_an_hour_old_is_not_retried(reference_exchange):
    ticket = written_while_the_exchange_is_down(reference_exchange)
    reference_exchange.come_back()
    triage = triage_of(ticket)
    Ticket.objects.filter(pk=ticket.pk).update(status="solved")
    with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
        assert sweep() == 0
    Ticket.objects.filter(pk=ticket.pk).update(status="open")
    old = looked(triage) - dt.timedelta(hours=1, minutes=1)
    TicketTriage.objects.filter(ticket=ticket).update(
        looked_up_at=old, retry_at=old + dt.timedelta(minutes=1)
    )
    assert sweep() == 0
    assert triage_of(ticket).state == "partial"


def test_a_chain_node_that_was_down_is_retried_too(reference_exchange, settings, closed_port_url):
    deposit(ETH["usdt_deposit"], status="completed")
    endpoints = settings.CHAIN_ENDPOINTS
    settings.CHAIN_ENDPOINTS = {**endpoints, "ethereum": closed_port_url}
    ticket = write(f"tx {ETH['usdt_deposit']}")
    triage = triage_of(ticket)
    assert triage.state == "partial" and triage.retry_at is not None
    settings.CHAIN_ENDPOINTS = endpoints
    with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
        assert sweep() == 1
    after = triage_of(ticket)
    assert after.state == "done" and after.facts["lookups"][0]["chain"]["tx"]["status"] == "confirmed"


def test_a_retry_another_sweep_holds_is_skipped_not_queued_twice(reference_exchange):
    import threading

    from django.db import connections, transaction

    ticket = written_while_the_exchange_is_down(reference_exchange)
    reference_exchange.come_back()
    triage = triage_of(ticket)
    locked, release = threading.Event(), threading.Event()

    def other_sweep_holding_the_row() -> None:
        try:
            with transaction.atomic():
                list(TicketTriage.objects.select_for_update().filter(pk=triage.pk))
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    other = threading.Thread(target=other_sweep_holding_the_row)
    other.start()
    try:
        assert locked.wait(timeout=30)
        with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
            assert sweep() == 0  # SKIP LOCKED: the row another sweep holds is not picked
    finally:
        release.set()
        other.join()
    with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
        assert sweep() == 1
    assert triage_of(ticket).state == "done"


def test_an_exchange_failing_with_503_is_retried_and_a_404_is_not(reference_exchange, settings):
    from exchange.reference import scenario as exchange

    settings.EXCHANGE_BREAKER_THRESHOLD = 1000  # every read reaches the failing exchange
    deposit(ETH["usdt_deposit"], status="completed")
    exchange.set_fault("unavailable", times=1000)
    ticket = write(f"tx {ETH['usdt_deposit']}")
    triage = triage_of(ticket)
    assert triage.state == "partial" and triage.retry_at is not None
    assert {e["message"] for e in triage.errors} == {"The exchange failed with HTTP 503."}
    exchange.clear_faults()
    with time_machine.travel(due(triage) + dt.timedelta(seconds=1)):
        assert sweep() == 1
    assert triage_of(ticket).state == "done" and codes(ticket) == ["credited"]
    # A customer the exchange answers it does not know (404) is an answer: nothing to retry.
    from intake.pipeline import ticket_open
    from tests.factories import CustomerFactory

    stranger = cast(Customer, CustomerFactory(external_id="EX-404404"))
    unknown = ticket_open(customer=stranger, subject="Deposit", body=f"tx {ETH['usdt_deposit']}")
    triage = triage_of(unknown)
    assert triage.errors and not any(e["message"].endswith("503.") for e in triage.errors)
    assert triage.state in ("partial", "done") and triage.retry_at is None, triage.errors
