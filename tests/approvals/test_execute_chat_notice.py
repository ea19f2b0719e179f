"""In a live chat the customer's notice is the chat's next numbered message, sent once."""

import pytest
from django.utils import timezone

from approvals.models import ApprovalRequest, RequestStatus
from approvals.services import approval_customer_notify
from livechat.models import Conversation
from livechat.services.lifecycle import chat_start
from tests.factories import make_agent
from tickets.models import EntryKind, TimelineEntry

pytestmark = pytest.mark.django_db


def test_the_notice_joins_an_open_chat_as_its_next_message_once():
    conversation = chat_start(topic="withdrawal", language="fr", message="Mes retraits sont bloqués")
    ticket = conversation.ticket
    before = conversation.last_seq
    request = ApprovalRequest.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        action="unlock_withdrawals",
        reason="Verified",
        requested_by=make_agent(),
        created_at=timezone.now(),
        expires_at=timezone.now(),
        status=RequestStatus.EXECUTED,
    )
    assert approval_customer_notify(pk=request.pk) is True
    assert approval_customer_notify(pk=request.pk) is False
    (notice,) = TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY)
    assert notice.body.startswith("Les retraits de votre compte sont de nouveau débloqués.")
    assert notice.seq == before + 1 and Conversation.objects.get(pk=conversation.pk).last_seq == before + 1
    request.refresh_from_db()
    assert request.customer_notified_at is not None
