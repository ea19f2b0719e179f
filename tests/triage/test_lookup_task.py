"""The look-up task as the worker runs it (outside any transaction, on PostgreSQL, over real HTTP): it
stores facts and diagnoses, runs twice to the same result, and degrades to a partial or failed triage
with the error shown when the exchange or a chain does not answer; it never raises."""

import pytest
from django.db import connection
from django.test import Client

from triage.models import TicketTriage
from triage.tasks import triage_lookup_task

from .scenario import ETH, codes, deposit, triage_of, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_triage_step", "reference_chains"),
]


def test_the_look_up_task_as_the_worker_runs_it_stores_the_same_result_twice(reference_exchange):
    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"tx {ETH['usdt_deposit']}")
    assert not connection.in_atomic_block
    first = triage_of(ticket)
    assert triage_lookup_task.delay(ticket.pk).get() == "done"
    again = triage_of(ticket)
    assert again.diagnoses == first.diagnoses
    assert again.looked_up_at and first.looked_up_at and again.looked_up_at > first.looked_up_at
    assert TicketTriage.objects.filter(ticket=ticket).count() == 1
    lookup = again.facts["lookups"][0]
    assert lookup["exchange"]["transfer"]["status"] == "completed" and lookup["exchange"]["fetched_at"]
    assert lookup["chain"]["tx"]["status"] == "confirmed" and lookup["chain"]["read_at"]


def test_an_exchange_that_is_down_gives_a_partial_triage_from_the_chain_with_the_error_shown(
    reference_exchange, agent
):
    deposit(ETH["native_deposit_stuck"], asset="ETH", amount="0.2", status="pending")
    reference_exchange.go_down()
    ticket = write(f"ETH deposit {ETH['native_deposit_stuck']} stuck")
    triage = triage_of(ticket)
    assert triage.state == "partial"
    assert {e["source"] for e in triage.errors} >= {
        "exchange:deposit_addresses",
        "exchange:transfer_by_tx_hash",
    }
    assert codes(ticket) == ["stuck_low_fee"]  # the chain alone shows it
    client = Client()
    client.force_login(agent)
    html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert "Partial: a source did not answer" in html and "exchange:deposit_addresses" in html


def test_a_chain_node_that_is_down_keeps_the_exchange_record_and_says_which_node(
    reference_exchange, settings, closed_port_url
):
    deposit(ETH["usdt_deposit"], status="completed")
    settings.CHAIN_ENDPOINTS = {**settings.CHAIN_ENDPOINTS, "ethereum": closed_port_url}
    ticket = write(f"tx {ETH['usdt_deposit']}")
    triage = triage_of(ticket)
    assert triage.state == "partial"
    assert [e["source"] for e in triage.errors] == ["chain:ethereum"]
    assert codes(ticket) == ["credited"]


def test_nothing_answering_is_a_failed_triage_and_no_guess_that_the_hash_does_not_exist(
    reference_exchange, settings, closed_port_url
):
    reference_exchange.go_down()
    settings.CHAIN_ENDPOINTS = {network: closed_port_url for network in settings.CHAIN_ENDPOINTS}
    ticket = write("deposit 0x" + "7a" * 32 + " missing")
    triage = triage_of(ticket)
    assert triage.state == "failed"
    assert triage.diagnoses == []
    assert "chain:ethereum" in {e["source"] for e in triage.errors}


def test_a_look_up_overtaken_by_a_newer_message_does_not_overwrite_it(reference_exchange, monkeypatch):
    import triage.services

    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"tx {ETH['usdt_deposit']}")
    real = triage.services.gather

    def slow_gather(**kwargs):
        result = real(**kwargs)
        # Meanwhile the customer wrote again: intake asked for a newer look-up.
        TicketTriage.objects.filter(ticket=ticket).update(state="pending", generation=99)
        return result

    monkeypatch.setattr(triage.services, "gather", slow_gather)
    assert triage_lookup_task.delay(ticket.pk).get() == ""
    triage_row = triage_of(ticket)
    assert (triage_row.state, triage_row.generation) == ("pending", 99)


def test_a_ticket_without_a_triage_is_a_no_op(reference_exchange):
    ticket = write("hello, no hash here")
    assert triage_lookup_task.delay(ticket.pk).get() == ""
    assert triage_lookup_task.delay(999_999).get() == ""


def test_the_stalled_sweep_as_beat_runs_it_queues_a_lost_look_up_once(reference_exchange):
    import datetime as dt

    from django.utils import timezone

    from triage.tasks import triage_stalled_sweep_task

    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"tx {ETH['usdt_deposit']}")
    fresh = write(f"tx {ETH['usdt_deposit']} again")
    # The first look-up was lost (the broker was down at the commit); the second was just asked for.
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    TicketTriage.objects.filter(ticket=ticket).update(state="pending", requested_at=long_ago)
    TicketTriage.objects.filter(ticket=fresh).update(state="pending", requested_at=timezone.now())
    assert not connection.in_atomic_block
    assert triage_stalled_sweep_task.delay().get() == 1
    assert triage_of(ticket).state == "done" and codes(ticket) == ["credited"]
    assert triage_stalled_sweep_task.delay().get() == 0
    assert triage_of(fresh).state == "pending"


def test_an_exchange_gone_away_after_a_read_shows_its_last_answers_labelled_stale(reference_exchange, agent):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"tx {ETH['usdt_deposit']}")
    assert triage_of(ticket).state == "done"
    reference_exchange.go_down()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert triage_lookup_task.delay(ticket.pk).get() == "partial"
        stored = triage_of(ticket)
        assert codes(ticket) == ["credited"]  # from the exchange's last answer, kept
        assert {e["stale"] for e in stored.errors} == {"yes"}
        assert stored.facts["lookups"][0]["exchange"]["stale"] is True
        client = Client()
        client.force_login(agent)
        html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert "stale data shown" in html and 'class="badge warn">stale</span>' in html
