"""The vocabulary that search corrects misspelt words to is kept by a sweep, not by every write."""

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from queueviews.models import SearchWord, VocabularySweep
from queueviews.tasks import vocabulary_sweep_task
from queueviews.vocabulary import vocabulary_sweep
from tests.factories import make_customer, make_ticket
from tickets.models import TimelineEntry
from tickets.services import ticket_note

pytestmark = [pytest.mark.postgres]


def _words(*words: str) -> set[str]:
    return set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))


@pytest.mark.django_db
def test_a_new_message_costs_its_tsvector_only_and_the_sweep_adds_its_words(agent: Any) -> None:
    ticket = make_ticket(subject="Zanzibarian ledger", body="The quokkaesque transfer stalled.", route=False)
    ticket_note(ticket=ticket, author=agent, body="Flibbertigibbet checked.")
    # Searchable at once (the tsvector is the writing statement's), but no words yet.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM tickets_timelineentry WHERE ticket_id = %s AND search_body IS NOT NULL",
            [ticket.pk],
        )
        assert cursor.fetchone()[0] == 2
    assert _words("zanzibarian", "quokkaesque", "flibbertigibbet") == set()
    assert vocabulary_sweep() >= 3
    assert _words("zanzibarian", "quokkaesque", "flibbertigibbet") == {
        "zanzibarian",
        "quokkaesque",
        "flibbertigibbet",
    }
    # Nothing new: a second pass adds nothing.
    assert vocabulary_sweep() == 0


@pytest.mark.django_db
def test_an_edited_body_or_subject_adds_its_words_at_once() -> None:
    ticket = make_ticket(subject="Plain", body="Plain words.", route=False)
    entry = TimelineEntry.objects.filter(ticket=ticket).exclude(body="").get()
    TimelineEntry.objects.filter(pk=entry.pk).update(body="Thingamajiggery happened.")
    type(ticket).objects.filter(pk=ticket.pk).update(subject="Whatchamacallit")
    assert _words("thingamajiggery", "whatchamacallit") == {"thingamajiggery", "whatchamacallit"}


@pytest.mark.django_db(transaction=True)
def test_a_row_committed_after_a_higher_one_is_not_skipped() -> None:
    """A transaction takes its entry's id, a later one commits a higher id and the sweep passes it; the
    first commits afterwards: its words are added by a later pass, not lost below the mark."""
    customer = make_customer()
    ticket = make_ticket(customer=customer, subject="Late", body="Early words.", route=False)
    vocabulary_sweep()
    vocabulary_sweep()
    inserted, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                TimelineEntry.objects.create(
                    ticket=ticket,
                    kind="internal_note",
                    channel="web",
                    body="Belatedlyish committed.",
                    created_at=timezone.now(),
                )
                inserted.set()
                release.wait(10)
        finally:
            connections.close_all()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert inserted.wait(10)
    TimelineEntry.objects.create(
        ticket=ticket,
        kind="internal_note",
        channel="web",
        body="Promptlyish done.",
        created_at=timezone.now(),
    )
    vocabulary_sweep()
    vocabulary_sweep()
    assert _words("promptlyish") == {"promptlyish"} and _words("belatedlyish") == set()
    release.set()
    writer.join()
    vocabulary_sweep()
    assert _words("belatedlyish") == {"belatedlyish"}
    state = VocabularySweep.objects.get(name="entry")
    assert state.mark <= TimelineEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
    vocabulary_sweep()
    assert (
        VocabularySweep.objects.get(name="entry").mark
        == (TimelineEntry.objects.order_by("-pk").values_list("pk", flat=True)[0])
    )


@pytest.mark.django_db(transaction=True)
def test_the_sweep_task_as_beat_runs_it_adds_new_words_once() -> None:
    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    make_ticket(subject="Hullaballoo", body="Skedaddle quickly.", route=False)
    assert vocabulary_sweep_task.delay().get() == 3  # hullaballoo, skedaddle, quickly
    assert vocabulary_sweep_task.delay().get() == 0
    assert _words("hullaballoo", "skedaddle") == {"hullaballoo", "skedaddle"}
