"""A customer's message about an active incident links its ticket at intake and is answered at once with
the incident's public message in the customer's language, once per ticket and update."""

from typing import Any

import pytest

from incidents.linking import incident_unlink
from incidents.models import IncidentDelivery, IncidentLink, LinkSource
from incidents.services import incident_update_post
from intake.pipeline import customer_message_add, ticket_open
from tests.factories import make_customer
from tests.incidents.conftest import TRON_MESSAGES
from tickets.models import Channel, EntryKind, TimelineEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("with_incident_step", "general")]


def _open(body: str, *, language: str = "en", channel: str = Channel.WEB, external_id: str = "EX-1") -> Any:
    customer = make_customer(external_id=external_id, language=language)
    return ticket_open(customer=customer, subject="Help", body=body, channel=channel, language=language)


def _answers(ticket: Any) -> list[str]:
    return list(
        TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY).values_list("body", flat=True)
    )


@pytest.mark.parametrize(
    ("body", "language", "answer"),
    [
        ("My TRC20 USDT withdrawal is stuck since this morning", "en", TRON_MESSAGES["en"]),
        ("Mi retiro de USDT por la red Tron sigue pendiente", "es", TRON_MESSAGES["es"]),
        ("Вывод USDT TRC-20 не пришёл уже три часа", "ru", TRON_MESSAGES["ru"]),
        # Turkish has no message of its own: English is the fallback.
        ("TRC20 USDT çekim işlemim beklemede", "tr", TRON_MESSAGES["en"]),
    ],
)
def test_a_matching_message_is_linked_and_answered_in_the_customers_language(
    tron, django_capture_on_commit_callbacks, body, language, answer
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _open(body, language=language)
    link = IncidentLink.objects.get(ticket=ticket)
    assert (link.incident_id, link.source, link.linked_by) == (tron.pk, LinkSource.INTAKE, None)
    assert "network tron" in link.reason and "feature withdrawals" in link.reason
    assert _answers(ticket) == [answer]


def test_a_keyword_links_a_message_without_triage_facts(tron, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _open("ЗАДЕРЖКА USDT опять?", language="ru")
    assert IncidentLink.objects.get(ticket=ticket).reason == "keyword “задержка usdt”"


@pytest.mark.parametrize(
    "body",
    [
        "My ERC-20 USDT withdrawal is pending",  # another network
        "My TRX deposit on Tron has not arrived",  # another asset and feature
        "How do I reset my 2FA?",
    ],
)
def test_a_message_about_something_else_is_not_linked(tron, django_capture_on_commit_callbacks, body):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _open(body)
    assert not IncidentLink.objects.filter(ticket=ticket).exists()
    assert _answers(ticket) == []


def test_the_customer_writing_again_is_not_answered_again(tron, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _open("TRC20 USDT withdrawal stuck")
        customer_message_add(ticket=ticket, body="Still nothing on my TRC20 USDT withdrawal!")
        customer_message_add(ticket=ticket, body="Hello?? usdt delay")
    assert IncidentLink.objects.filter(ticket=ticket).count() == 1
    assert len(_answers(ticket)) == 1
    assert IncidentDelivery.objects.filter(ticket=ticket).count() == 1


def test_after_an_update_a_new_linked_ticket_gets_the_new_message(
    tron, sam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        incident_update_post(
            incident=tron, actor=sam, status="identified", messages={"en": "Fix deployed, queue draining."}
        )
        ticket = _open("TRC20 USDT withdrawal stuck")
    assert _answers(ticket) == ["Fix deployed, queue draining."]


def test_a_ticket_an_agent_unlinked_is_not_linked_again_by_its_next_message(
    tron, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _open("TRC20 USDT withdrawal stuck")
    incident_unlink(incident=tron, ticket=ticket, actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_add(ticket=ticket, body="My TRC20 USDT withdrawal is still stuck")
    assert IncidentLink.objects.filter(ticket=ticket, unlinked_at__isnull=True).count() == 0
    assert len(_answers(ticket)) == 1


def test_a_message_mentioning_a_tron_address_counts_as_the_tron_network(
    sam, django_capture_on_commit_callbacks
):
    from tests.incidents.conftest import declare_tron

    declare_tron(sam, assets=[], keywords=[])
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _open("withdrawal to TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL never arrived")
    # The extractor names the network of a Tron address; the words of the message name the feature.
    assert IncidentLink.objects.get(ticket=ticket).reason == "triage: network tron, feature withdrawals"


def test_without_an_active_incident_the_step_costs_no_query_once_cached(
    django_assert_max_num_queries, with_incident_step
):
    from incidents.linking import active_incidents
    from incidents.steps import incident_step
    from intake.types import Intake
    from tests.factories import make_ticket

    ticket = make_ticket()
    entry = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).get()
    active_incidents()
    with django_assert_max_num_queries(0):
        incident_step(ticket, Intake(now=ticket.created_at, entry=entry))


def test_a_failing_match_leaves_a_note_and_intake_goes_on(tron, monkeypatch):
    import incidents.linking

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(incidents.linking, "incident_match_entry", broken)
    ticket = _open("TRC20 USDT withdrawal stuck")
    assert ticket.pk
    assert TimelineEntry.objects.filter(ticket=ticket, data__event="incident_match_failed").count() == 1
