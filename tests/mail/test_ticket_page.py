"""What agents see of an email on the ticket page: who wrote and who is in copy, masked."""

import pytest

from tests.mail.build import deliver, email, make_mailbox
from tickets.timeline import timeline_event_add

pytestmark = pytest.mark.django_db


def test_the_ticket_page_shows_the_email_header_masked(agent_client):
    message = deliver(
        email(
            sender="Ana Lima <ana.lima@mail.example>",
            cc="bob.stone@mail.example",
            html="<p>Hello <b>team</b></p>",
        ),
        make_mailbox(),
    )
    ticket = message.ticket
    timeline_event_add(
        ticket, "email_bounced", to=["ana.lima@mail.example"], status="5.1.1", diagnostic="550 unknown"
    )
    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "from a•••@mail.example, copying b•••@mail.example" in page
    assert "ana.lima@mail.example" not in page and "bob.stone@mail.example" not in page
    assert "Hello <b>team</b>" in page
    assert "bounced: 550 unknown" in page


def test_a_message_that_failed_dmarc_is_marked_on_the_timeline(agent_client):
    message = deliver(
        email(headers={"Authentication-Results": "mx.cryptox.example; dkim=none; spf=fail; dmarc=fail"}),
        make_mailbox(),
    )
    page = agent_client.get(f"/tickets/{message.ticket.pk}/").content.decode()
    assert "the From may be forged" in page
    assert "dmarc=fail" in page
