"""When the look-up finds the customer's transfer on an incident's network still on its way, triage links
the ticket (`incidents.services.incident_link_matching`) and the customer is answered once."""

import pytest

from incidents.linking import incident_link_matching
from incidents.models import IncidentLink, LinkSource
from tests.factories import make_ticket
from tickets.models import EntryKind, TimelineEntry

pytestmark = pytest.mark.django_db


def test_a_queued_withdrawal_on_the_incidents_network_links_the_ticket_once(
    tron, django_capture_on_commit_callbacks
):
    ticket = make_ticket(body="Where is my money?")
    with django_capture_on_commit_callbacks(execute=True):
        links = incident_link_matching(
            ticket, networks=["tron"], assets=["USDT"], statuses=["withdrawal:queued"]
        )
        again = incident_link_matching(
            ticket, networks=["tron"], assets=["USDT"], statuses=["withdrawal:queued"]
        )
    assert [link.incident_id for link in links] == [tron.pk] and again == []
    link = IncidentLink.objects.get(ticket=ticket)
    assert (link.source, link.reason) == (
        LinkSource.TRIAGE,
        "triage: network tron, asset USDT, feature withdrawals",
    )
    assert TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY).count() == 1


@pytest.mark.parametrize(
    ("networks", "assets", "statuses"),
    [
        (["tron"], ["USDT"], ["withdrawal:completed"]),  # arrived: not the incident's
        (["ethereum"], ["USDT"], ["withdrawal:queued"]),  # another network
        (["tron"], ["USDT"], ["deposit:pending"]),  # the incident is about withdrawals
    ],
)
def test_facts_outside_the_incident_link_nothing(tron, networks, assets, statuses):
    ticket = make_ticket(body="Where is my money?")
    assert incident_link_matching(ticket, networks=networks, assets=assets, statuses=statuses) == []
    assert not IncidentLink.objects.filter(ticket=ticket).exists()
