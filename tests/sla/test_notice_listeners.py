"""A listener of recorded SLA notices that fails after the commit loses only its own work: the notice
stays recorded and mailed, and the failure is logged."""

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from sla.models import NoticeKind, SlaNotification, Target
from sla.services.notices import notify
from sla.signals import notices_recorded
from tests.factories import make_agent, make_team, make_ticket

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failing_listener_leaves_the_notice_recorded_mailed_and_the_failure_logged(caplog: Any) -> None:
    def listener_down(**kwargs: Any) -> None:
        raise RuntimeError("listener down")

    notices_recorded.connect(listener_down, dispatch_uid="test-listener-down")
    try:
        agent = make_agent(email="lead@example.com")
        ticket = make_ticket(team=make_team())
        with transaction.atomic():
            told = notify(ticket, [agent], kind=NoticeKind.BREACH, target=Target.FIRST_RESPONSE)
    finally:
        notices_recorded.disconnect(dispatch_uid="test-listener-down")
    assert told == [agent]
    assert SlaNotification.objects.filter(ticket=ticket, recipient=agent, kind=NoticeKind.BREACH).count() == 1
    # The helpdesk's own listener, connected first, still put the breach in the agent's bell.
    assert Notification.objects.filter(recipient=agent, ticket=ticket).count() == 1
    assert [m.to for m in mail.outbox] == [["lead@example.com"]]
    logged = [r for r in caplog.records if "in on_commit()" in r.getMessage()]
    assert [str(r.exc_info[1]) for r in logged if r.exc_info] == ["listener down"]
