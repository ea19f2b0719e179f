"""Notifications: who is told of what (once, never the actor), the bell and the list, marking read,
the mail preferences and the digest."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from casework.services import ticket_assign
from notifications.models import Kind, Notification, Preference
from notifications.receivers import mentioned_usernames
from notifications.services import Draft, notifications_create, notifications_mark_read
from tests.approvals.core_helpers import risk_is
from tests.factories import make_agent, make_team, make_ticket
from tickets.services import ticket_note

__all__ = ["risk_is"]  # a fixture

pytestmark = pytest.mark.django_db


def _unread(user: Any) -> list[tuple[str, int]]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("kind", "ticket_id")
    )


def test_a_reassignment_storm_leaves_one_unread_per_case_and_never_tells_the_actor(
    django_capture_on_commit_callbacks: Any,
) -> None:
    lead, alice, bob = make_agent(), make_agent(), make_agent()
    ticket = make_ticket(team=make_team())
    with django_capture_on_commit_callbacks(execute=True):
        for _round in range(5):
            ticket_assign(ticket=ticket, actor=lead, assignee=alice)
            ticket_assign(ticket=ticket, actor=lead, assignee=bob)
        ticket_assign(ticket=ticket, actor=alice, assignee=alice)
    assert _unread(alice) == [(Kind.ASSIGNED, ticket.pk)]
    assert _unread(bob) == [(Kind.ASSIGNED, ticket.pk)]
    assert _unread(lead) == []
    assert Notification.objects.get(recipient=bob).actor == lead


def test_a_note_tells_the_staff_it_mentions_who_may_see_the_case(
    django_capture_on_commit_callbacks: Any,
) -> None:
    author = make_agent(username="ana")
    colleague = make_agent(username="bruno.m")
    auditor = make_agent(username="audrey", role=Role.AUDITOR)
    ticket = make_ticket(team=make_team())
    body = "@bruno.m please look. cc @ana @audrey @nobody, mail me at x@bruno.m"
    with django_capture_on_commit_callbacks(execute=True):
        ticket_note(ticket=ticket, author=author, body=body)
    assert _unread(colleague) == [(Kind.MENTIONED, ticket.pk)]
    assert _unread(author) == [] and _unread(auditor) == []


def test_mentions_are_read_as_usernames_not_email_addresses() -> None:
    assert mentioned_usernames("@a.b, @c. and @a.b again; me@d.example") == ["a.b", "c"]


def test_bell_count_and_lists_take_a_fixed_number_of_statements(
    agent: Any, agent_client: Client, django_assert_max_num_queries: Any
) -> None:
    other = make_agent()
    tickets = [make_ticket(team=make_team()) for _ in range(12)]
    notifications_create(
        drafts=[
            Draft(recipient_id=agent.pk, kind=Kind.MENTIONED, ticket_id=t.pk, actor_id=other.pk)
            for t in tickets
        ]
    )
    agent_client.get(reverse("notifications:bell"))  # a warm session
    # Session, user, the second-factor and presence checks of every page, then one count.
    with django_assert_max_num_queries(6) as bell:
        response = agent_client.get(reverse("notifications:bell"))
    assert response.status_code == 200 and b">12<" in response.content
    bell_statements = len(bell.captured_queries)
    with django_assert_max_num_queries(bell_statements) as recent:
        response = agent_client.get(reverse("notifications:recent"))
    assert response.content.count(b'class="notification unread"') == 10
    api = APIClient()
    api.force_authenticate(agent)
    with django_assert_max_num_queries(3):
        listed = api.get(reverse("api:notification-list")).json()
    assert listed["unread"] == 12 and len(listed["results"]) == 12
    assert other.display_name in listed["results"][0]["text"]
    with django_assert_max_num_queries(1):
        assert api.get(reverse("api:notification-unread")).json() == {"unread": 12}
    assert len(recent.captured_queries) <= bell_statements


def test_marking_read_touches_only_your_own(agent: Any) -> None:
    other = make_agent()
    ticket = make_ticket(team=make_team())
    notifications_create(
        drafts=[
            Draft(recipient_id=agent.pk, kind=Kind.ASSIGNED, ticket_id=ticket.pk),
            Draft(recipient_id=other.pk, kind=Kind.ASSIGNED, ticket_id=ticket.pk),
        ]
    )
    theirs = Notification.objects.get(recipient=other)
    mine = Notification.objects.get(recipient=agent)
    api = APIClient()
    api.force_authenticate(agent)
    response = api.post(reverse("api:notification-read"), {"ids": [theirs.pk, mine.pk]}, format="json")
    assert response.json() == {"marked": 1, "unread": 0}
    assert _unread(other) == [(Kind.ASSIGNED, ticket.pk)]
    assert api.post(reverse("api:notification-read"), {}, format="json").status_code == 400
    # Read, the same event may be told again.
    notifications_create(drafts=[Draft(recipient_id=agent.pk, kind=Kind.ASSIGNED, ticket_id=ticket.pk)])
    assert _unread(agent) == [(Kind.ASSIGNED, ticket.pk)]


def test_the_page_marks_one_read_and_goes_to_the_case(agent: Any, agent_client: Client) -> None:
    ticket = make_ticket(team=make_team())
    notifications_create(drafts=[Draft(recipient_id=agent.pk, kind=Kind.ASSIGNED, ticket_id=ticket.pk)])
    row = Notification.objects.get(recipient=agent)
    page = agent_client.get(reverse("notifications:notification-list"))
    assert page.status_code == 200 and ticket.reference.encode() in page.content
    case = reverse("tickets:ticket-detail", args=[ticket.pk])
    response = agent_client.post(reverse("notifications:notification-read"), {"id": row.pk, "next": case})
    assert response.status_code == 302 and response["Location"] == case
    assert _unread(agent) == []


def test_preferences_choose_which_kinds_come_by_mail(agent: Any, agent_client: Client) -> None:
    page = agent_client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert b'value="approval_requested"' in page.content
    response = agent_client.post(reverse("notifications:preferences"), {"email": ["mentioned"]})
    assert response.status_code == 302
    chosen = dict(Preference.objects.filter(user=agent).values_list("kind", "email"))
    assert chosen[Kind.MENTIONED] is True and chosen[Kind.APPROVAL_REQUESTED] is False
    ticket = make_ticket(team=make_team())
    notifications_create(drafts=[Draft(recipient_id=agent.pk, kind=Kind.MENTIONED, ticket_id=ticket.pk)])
    assert Notification.objects.get(recipient=agent).email_due is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_digest_task_as_beat_runs_it_mails_each_person_once_for_a_surge() -> None:
    from notifications.tasks import notifications_digest_task

    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    approver, quiet = make_agent(), make_agent()
    tickets = [make_ticket(team=make_team()) for _ in range(30)]
    notifications_create(
        drafts=[
            Draft(recipient_id=approver.pk, kind=Kind.APPROVAL_REQUESTED, ticket_id=t.pk) for t in tickets
        ]
        + [Draft(recipient_id=quiet.pk, kind=Kind.ASSIGNED, ticket_id=t.pk) for t in tickets]
    )
    mail.outbox.clear()
    assert notifications_digest_task.delay().get() == 0  # still within the grace period
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        assert notifications_digest_task.delay().get() == 1
        assert notifications_digest_task.delay().get() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [approver.email]
    assert "30 new notifications" in mail.outbox[0].subject
    assert not Notification.objects.filter(recipient=approver, emailed_at__isnull=True).exists()


def test_approvers_are_told_of_a_request_and_the_maker_of_each_verdict(
    risk_is: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from approvals.models import ActionKind
    from tests.approvals.core_helpers import approve, case, make_approver, request_for

    maker = make_approver("maker")
    checker = make_approver("checker", ActionKind.UNLOCK_WITHDRAWALS)
    other_kind = make_approver("limits-only", ActionKind.RAISE_WITHDRAWAL_LIMIT)
    bystander = make_agent()
    with django_capture_on_commit_callbacks(execute=True):
        request = request_for(case(), maker)
    target = f"approval:{request.pk}"
    told = Notification.objects.filter(kind=Kind.APPROVAL_REQUESTED, target=target)
    assert checker.pk in set(told.values_list("recipient_id", flat=True))
    assert not told.filter(recipient__in=[maker, other_kind, bystander]).exists()
    # Approvers get these by mail unless they say otherwise.
    assert told.get(recipient=checker).email_due is True
    with django_capture_on_commit_callbacks(execute=True):
        approve(request, checker)
    decided = Notification.objects.get(kind=Kind.APPROVAL_DECIDED)
    assert (decided.recipient, decided.actor, decided.target) == (maker, checker, target)
    assert decided.email_due is False


def test_without_postgresql_the_same_people_are_told_once_with_their_mail_preference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo runs on SQLite, which has no jsonb_to_recordset: the rows are the same, one by one."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    actor, alice, bob = make_agent(), make_agent(), make_agent()
    Preference.objects.create(user=bob, kind=Kind.ASSIGNED, email=True)
    ticket = make_ticket(team=make_team())
    drafts = [
        Draft(recipient_id=person.pk, kind=Kind.ASSIGNED, ticket_id=ticket.pk, actor_id=actor.pk)
        for person in (alice, bob, actor)
    ]
    assert notifications_create(drafts=drafts) == 2
    assert notifications_create(drafts=drafts) == 0
    rows = Notification.objects.filter(ticket=ticket).order_by("recipient_id")
    assert [(n.recipient_id, n.actor_id, n.email_due) for n in rows] == [
        (alice.pk, actor.pk, False),
        (bob.pk, actor.pk, True),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_bell_that_cannot_be_told_leaves_the_notifications_stored_and_the_reason_logged(
    monkeypatch: Any, caplog: Any
) -> None:
    def channel_layer_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("channel layer down")

    monkeypatch.setattr("notifications.services.publish_unread", channel_layer_down)
    lead, alice = make_agent(), make_agent()
    ticket = make_ticket(team=make_team())
    draft = Draft(recipient_id=alice.pk, kind=Kind.ASSIGNED, ticket_id=ticket.pk, actor_id=lead.pk)
    assert notifications_create(drafts=[draft]) == 1
    assert _unread(alice) == [(Kind.ASSIGNED, ticket.pk)]
    assert notifications_mark_read(user=alice) == 1
    assert _unread(alice) == []
    logged = [r for r in caplog.records if "in on_commit()" in r.getMessage()]
    assert [str(r.exc_info[1]) for r in logged if r.exc_info] == ["channel layer down"] * 2
