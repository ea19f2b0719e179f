"""The demo incident: declared once with its message in six languages, a few demo tickets linked and
answered in their customers' languages; seeding again changes nothing."""

import pytest
from django.core.management import call_command

from incidents.demo import DEMO_MESSAGES, DEMO_TITLE, seed_demo_incident
from incidents.models import Incident, IncidentDelivery, IncidentLink
from tickets.models import EntryKind, TimelineEntry

pytestmark = pytest.mark.django_db


def test_the_demo_incident_is_seeded_once_with_linked_answered_tickets(django_capture_on_commit_callbacks):
    # seed_demo declares it (its last step); the answers go out after its commit.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--no-logins", stdout=None)
    incident = Incident.objects.get(title=DEMO_TITLE)
    assert incident.is_active
    assert incident.current_update is not None
    languages = set(incident.current_update.messages.values_list("language", flat=True))
    assert languages == {"en", "es", "ru", "tr", "vi", "pt-br"}
    links = IncidentLink.objects.filter(incident=incident).select_related("ticket")
    assert links.count() >= 5
    russian = next(link.ticket for link in links if link.ticket.language == "ru")
    answer = TimelineEntry.objects.get(ticket=russian, kind=EntryKind.AGENT_REPLY)
    assert answer.body == DEMO_MESSAGES["ru"]

    with django_capture_on_commit_callbacks(execute=True):
        again = seed_demo_incident()
    assert again == incident
    assert Incident.objects.count() == 1
    assert IncidentLink.objects.filter(incident=incident).count() == links.count()
    assert IncidentDelivery.objects.count() == links.count()
