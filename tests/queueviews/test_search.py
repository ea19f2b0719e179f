"""Full-text search over subjects and timelines: typos, words only in a body, notes, access, snippets."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from queueviews.search import search_filter, search_query, snippets
from queueviews.vocabulary import vocabulary_sweep
from tests.queueviews.conftest import is_postgres, ticket_in
from tickets.models import Ticket, TimelineEntry
from tickets.services import ticket_note

pytestmark = pytest.mark.django_db


def _found(user: Any, text: str) -> list[int]:
    return list(
        search_filter(Ticket.objects.visible_to(user), search_query(text)).values_list("pk", flat=True)
    )


def test_a_misspelt_word_finds_the_ticket_that_spells_it_right(agent: Any, customer: Any) -> None:
    if not is_postgres():
        pytest.skip("typo tolerance is PostgreSQL's (pg_trgm)")
    wanted = ticket_in(None, customer, "Help please", "My withdrawal to the Tron network never arrived.")
    ticket_in(None, customer, "Login trouble", "I cannot sign in since yesterday.")
    # The vocabulary is the sweep's (beat runs it every minute): new words are corrected after a pass.
    vocabulary_sweep()
    assert _found(agent, "withdrawl") == [wanted.pk]
    # And the other way round: the customer's typo is found by the right spelling.
    typo = ticket_in(None, customer, "Question", "Where is my depposit of 40 USDT?")
    vocabulary_sweep()
    assert typo.pk in _found(agent, "deposit")


def test_a_word_only_in_a_message_body_finds_the_ticket(agent: Any, customer: Any) -> None:
    wanted = ticket_in(
        None, customer, "Help please", "The memo for the XRP transfer was 88213 and it bounced."
    )
    ticket_in(None, customer, "Help again", "Nothing about that here.")
    assert _found(agent, "bounced") == [wanted.pk]
    assert _found(agent, "memo bounced") == [wanted.pk]
    assert _found(agent, "memo unicorn") == []


def test_a_later_internal_note_is_searched_for_every_agent_who_sees_the_ticket(
    agent: Any, supervisor: Any, customer: Any
) -> None:
    ticket = ticket_in(None, customer, "Card payment", "My card was charged twice.")
    assert _found(agent, "chargeback") == []
    ticket_note(ticket=ticket, author=agent, body="Opened a chargeback request with the acquirer.")
    assert _found(agent, "chargeback") == [ticket.pk]
    assert _found(supervisor, "chargeback") == [ticket.pk]


def test_a_partner_agent_finds_only_tickets_of_their_teams(
    partner: Any, partner_team: Any, inhouse_team: Any, agent: Any, customer: Any
) -> None:
    theirs = ticket_in(partner_team, customer, "Stuck swap", "The swap of ETH to SOL is stuck.")
    hidden = ticket_in(inhouse_team, customer, "Stuck swap too", "Another swap is stuck.")
    assert _found(partner, "swap stuck") == [theirs.pk]
    assert set(_found(agent, "swap stuck")) == {theirs.pk, hidden.pk}
    client = APIClient()
    client.force_authenticate(partner)
    body = client.get(reverse("api:ticket-search"), {"q": "swap"}).json()
    assert [row["id"] for row in body["results"]] == [theirs.pk]


def test_the_best_match_comes_first_and_shows_its_passage_escaped(agent: Any, customer: Any) -> None:
    weak = ticket_in(None, customer, "Other question", "Something about fees, and a withdrawal once.")
    strong = ticket_in(
        None,
        customer,
        "Withdrawal stuck",
        "<b>My withdrawal</b> is stuck; the withdrawal id is 77. <script>alert(1)</script>",
    )
    query = search_query("withdrawal")
    rows = list(
        search_filter(Ticket.objects.visible_to(agent), query)
        .order_by("-search_rank", "-id")  # type: ignore[misc]
        .values_list("pk", flat=True)
    )
    assert set(rows) == {weak.pk, strong.pk}
    if is_postgres():
        assert rows[0] == strong.pk
    passage = snippets([strong.pk], query)[strong.pk]
    assert "<mark>" in passage and "withdrawal" in passage.lower()
    assert "<script>" not in passage and "<b>" not in passage


def test_the_queue_page_searches_and_shows_passages(agent_client: Client, customer: Any) -> None:
    ticket = ticket_in(None, customer, "Help", "A refund for the double charge, please.")
    response = agent_client.get(reverse("tickets:queue"), {"queue": "all", "q": "refund"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.reference in page
    assert "<mark>refund</mark>" in page.lower() or "<mark>Refund</mark>" in page


def test_the_api_searches_with_q_and_names_the_passage(api_client: APIClient, customer: Any) -> None:
    ticket = ticket_in(None, customer, "Help", "The staking rewards did not arrive this week.")
    ticket_in(None, customer, "Help", "Unrelated words only.")
    body = api_client.get(reverse("api:ticket-search"), {"q": "staking rewards"}).json()
    assert [row["id"] for row in body["results"]] == [ticket.pk]
    assert "<mark>" in body["results"][0]["snippet"]
    assert api_client.get(reverse("api:ticket-search")).status_code == 400


def test_searching_costs_a_fixed_number_of_statements(agent_client: Client, customer: Any) -> None:
    for n in range(3):
        ticket_in(None, customer, f"Case {n}", f"My withdrawal number {n} is late.")
    url = reverse("tickets:queue")
    agent_client.get(url, {"queue": "all", "q": "withdrawal"})
    with CaptureQueriesContext(connection) as few:
        agent_client.get(url, {"queue": "all", "q": "withdrawal", "sort": "priority"})
    for n in range(3, 12):
        ticket_in(None, customer, f"Case {n}", f"My withdrawal number {n} is late.")
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get(url, {"queue": "all", "q": "withdrawal", "sort": "priority"})
    assert response.status_code == 200
    assert len(many) == len(few)


def test_an_edited_body_and_a_changed_language_are_indexed_again(agent: Any, customer: Any) -> None:
    if not is_postgres():
        pytest.skip("the index is PostgreSQL's")
    ticket = ticket_in(None, customer, "Help", "Old words here.")
    entry = TimelineEntry.objects.filter(ticket=ticket).exclude(body="").first()
    assert entry is not None
    TimelineEntry.objects.filter(pk=entry.pk).update(body="Completely different vocabulary now.")
    assert _found(agent, "vocabulary") == [ticket.pk]
    Ticket.objects.filter(pk=ticket.pk).update(language="es")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_body::text FROM tickets_timelineentry WHERE id = %s", [entry.pk])
        (vector,) = cursor.fetchone()
    # The Spanish stemmer now: "vocabulary" stays whole in neither, but "completely" is no English stem.
    assert "'complet'" not in vector


def test_the_ticket_list_api_takes_q(api_client: APIClient, customer: Any) -> None:
    ticket = ticket_in(None, customer, "Help", "The margin call liquidated my position.")
    ticket_in(None, customer, "Help", "Nothing related.")
    body = api_client.get(reverse("api:ticket-list"), {"q": "liquidated"}).json()
    assert [row["id"] for row in body["results"]] == [ticket.pk]
    assert len(api_client.get(reverse("api:ticket-list"), {"q": " "}).json()["results"]) == 2


def test_best_first_ranks_only_the_newest_matches(
    agent: Any, customer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not is_postgres():
        pytest.skip("the rank and its candidates are PostgreSQL's")
    from queueviews import search
    from queueviews.filters import ViewSpec
    from queueviews.queue import queue_listing

    titled = ticket_in(None, customer, "Withdrawal stuck", "Please look at it.")
    older, newer, newest = (
        ticket_in(None, customer, f"Case {n}", f"A withdrawal, case {n}.") for n in range(3)
    )
    monkeypatch.setattr(search, "RANKED", 2)

    def listed() -> list[int]:
        listing = queue_listing(
            tickets=Ticket.objects.visible_to(agent),
            user=agent,
            spec=ViewSpec(filters={"q": "withdrawal"}),
            size=50,
            before=None,
            page=1,
        )
        return [t.pk for t in listing.tickets]

    # Only the 2 newest matches are ranked and listed; with room for all, the subject match leads.
    assert listed() == [newest.pk, newer.pk]
    monkeypatch.setattr(search, "RANKED", 500)
    assert listed() == [titled.pk, newest.pk, newer.pk, older.pk]


def test_searching_best_first_costs_a_fixed_number_of_statements(agent_client: Client, customer: Any) -> None:
    for n in range(3):
        ticket_in(None, customer, f"Case {n}", f"My withdrawal number {n} is late.")
    url = reverse("tickets:queue")
    agent_client.get(url, {"queue": "all", "q": "withdrawal"})
    with CaptureQueriesContext(connection) as few:
        agent_client.get(url, {"queue": "all", "q": "withdrawal"})
    for n in range(3, 12):
        ticket_in(None, customer, f"Withdrawal {n}", f"My withdrawl number {n} is late.")
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get(url, {"queue": "all", "q": "withdrawal"})
    assert response.status_code == 200
    assert len(many) == len(few)
