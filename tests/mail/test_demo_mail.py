"""The demo's mailbox: threaded German mail and one quarantined message, seeded once."""

import pytest

from mail.demo import mail_demo_seed
from mail.models import InboundMessage, InboundStatus
from tickets.models import EntryKind, Ticket

pytestmark = pytest.mark.django_db


def test_the_demo_mail_is_seeded_once_and_threads(agent_client):
    mail_demo_seed()
    mail_demo_seed()
    assert InboundMessage.objects.filter(status=InboundStatus.PROCESSED).count() == 2
    assert InboundMessage.objects.filter(status=InboundStatus.QUARANTINED).count() == 1
    ticket = Ticket.objects.get()
    assert ticket.language == "de"
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 2
    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "sent j•••@mail.example an acknowledgement with the ticket reference" in page
