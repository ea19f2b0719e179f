"""Who is told about a warning, breach or executive escalation, and their mail.

Each person is recorded once per event (a unique row), which is also the outbox: mail and realtime
notices leave after commit, and a periodic job mails whatever a lost worker never sent.
"""

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from helpdesk.on_commit import robust_on_commit
from routing.models import TeamMembership
from sla.events import SlaNotice, publish_sla_notices
from sla.models import NoticeKind, SlaNotification, Target
from sla.signals import notices_recorded
from tickets.models import Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

logger = logging.getLogger(__name__)

# --- Recipients and records -----------------------------------------------------------------------


def active_users(**filters: Any) -> list[User]:
    return list(User.objects.filter(is_active=True, **filters).distinct().order_by("pk"))


def team_leads(team_id: int | None) -> list[User]:
    """Who oversees a team's cases: its leads and supervisor members, else every supervisor."""
    return team_leads_many([team_id])[team_id]


def team_leads_many(team_ids: Iterable[int | None]) -> dict[int | None, list[User]]:
    """`team_leads` of several teams in one statement (two when one has nobody and supervisors step in)."""
    wanted = set(team_ids)
    people: dict[int | None, dict[int, User]] = defaultdict(dict)
    teams = [t for t in wanted if t is not None]
    if teams:
        for membership in (
            TeamMembership.objects.filter(team_id__in=teams, user__is_active=True)
            .filter(Q(is_lead=True) | Q(user__role=Role.SUPERVISOR))
            .select_related("user")
            .order_by("user_id")
        ):
            people[membership.team_id][membership.user_id] = membership.user
    found: dict[int | None, list[User]] = {t: list(people[t].values()) for t in wanted if people.get(t)}
    if len(found) < len(wanted):
        supervisors = active_users(role=Role.SUPERVISOR)
        found |= {t: supervisors for t in wanted if t not in found}
    return found


def system_event(ticket: Ticket, event: str, reasons: list[str], **data: Any) -> TimelineEntry:
    return timeline_event_add(ticket, event, reasons=reasons, **data)


@dataclass(frozen=True)
class Notice:
    """One event to tell people about: a warning or breach of a target, or an executive escalation."""

    ticket: Ticket
    recipients: tuple[User, ...]
    kind: str
    target: str = ""
    cycle: int = 0
    due_at: dt.datetime | None = None


def notify(
    ticket: Ticket,
    recipients: list[User],
    *,
    kind: str,
    target: str = "",
    cycle: int = 0,
    due_at: dt.datetime | None = None,
) -> list[User]:
    """Record each person told (once per event), and after commit mail and ping them."""
    notice = Notice(ticket, tuple(recipients), kind=kind, target=target, cycle=cycle, due_at=due_at)
    return notify_many([notice])[0]


# The rows travel as one JSON parameter (see helpdesk/bulk.py): a short statement however many people.
_INSERT = (
    "INSERT INTO sla_slanotification (ticket_id, recipient_id, kind, target, cycle, created_at) "
    "SELECT ticket_id, recipient_id, kind, target, cycle, %s FROM jsonb_to_recordset(%s::jsonb) "
    "AS v (ticket_id bigint, recipient_id bigint, kind varchar, target varchar, cycle integer) "
    "ON CONFLICT (ticket_id, recipient_id, kind, target, cycle) DO NOTHING "
    "RETURNING id, ticket_id, recipient_id, kind, target, cycle"
)
# Mail is queued in tasks of this many notices, so a large batch still spreads over the workers.
MAIL_CHUNK = 50


def notify_many(notices: Sequence[Notice]) -> list[list[User]]:
    """Record each person told about each event, all in one INSERT; who was told, per event.

    A person already told about an event (its unique row exists) is not told again. After commit the
    new notices are mailed (queued in a few tasks) and each event is pushed to the agents told.
    """
    now = timezone.now()
    rows = [(n, person) for n in notices for person in dict.fromkeys(n.recipients)]
    if not rows:
        return [[] for _ in notices]
    records = [
        {"ticket_id": n.ticket.pk, "recipient_id": p.pk, "kind": n.kind, "target": n.target, "cycle": n.cycle}
        for n, p in rows
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [now, json.dumps(records)])
        created = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
    told: list[list[User]] = []
    mail: list[int] = []
    pushes: list[tuple[Sequence[int], SlaNotice]] = []
    for n in notices:
        keys = [
            (person, (n.ticket.pk, person.pk, n.kind, n.target, n.cycle))
            for person in dict.fromkeys(n.recipients)
        ]
        people = [person for person, key in keys if key in created]
        mail += [created[key] for _, key in keys if key in created]
        told.append(people)
        if people:
            payload: SlaNotice = {
                "type": NOTICE_TYPES[NoticeKind(n.kind)],
                "ticket": n.ticket.pk,
                "reference": n.ticket.reference,
                "subject": n.ticket.subject,
                "target": n.target,
                "due_at": n.due_at.isoformat() if n.due_at else None,
            }
            pushes.append(([p.pk for p in people], payload))
    if mail:
        transaction.on_commit(partial(_queue_emails, mail))
    if pushes:
        transaction.on_commit(partial(publish_sla_notices, pushes))
    recorded = [
        (n.ticket.pk, n.kind, n.target, [p.pk for p in people])
        for n, people in zip(notices, told, strict=True)
    ]
    recorded = [row for row in recorded if row[3]]
    if recorded and notices_recorded.has_listeners():
        # Robust: the notices are stored and mailed; a failing listener loses only its own copy.
        robust_on_commit(notices_recorded.send, sender=None, notices=recorded)
    return told


NOTICE_TYPES: dict[NoticeKind, Literal["sla.warned", "sla.breached", "sla.escalated"]] = {
    NoticeKind.WARNING: "sla.warned",
    NoticeKind.BREACH: "sla.breached",
    NoticeKind.EXECUTIVE: "sla.escalated",
}


def _queue_emails(notification_ids: list[int]) -> None:
    from sla.tasks import sla_notification_email_task

    for start in range(0, len(notification_ids), MAIL_CHUNK):
        chunk = notification_ids[start : start + MAIL_CHUNK]
        try:
            sla_notification_email_task.delay(*chunk)
        except Exception:
            # The outbox sweep sends them later.
            logger.warning("could not queue SLA mail %s", chunk, exc_info=True)


def name_list(people: list[User]) -> str:
    return ", ".join(p.display_name for p in people) or _("nobody")


# --- Mail -----------------------------------------------------------------------------------------

# Marked here, translated into each recipient's language when the mail is written.
_SUBJECTS = {
    NoticeKind.WARNING: gettext_noop("[%(reference)s] SLA warning: %(target)s due soon"),
    NoticeKind.BREACH: gettext_noop("[%(reference)s] SLA breached: %(target)s"),
    NoticeKind.EXECUTIVE: gettext_noop("[%(reference)s] Executive escalation"),
}


def _mail(notice: SlaNotification) -> None:
    person, ticket = notice.recipient, notice.ticket
    link = settings.HELPDESK_SITE_URL.rstrip("/") + reverse("tickets:ticket-detail", args=[ticket.pk])
    with translation.override(person.language or settings.LANGUAGE_CODE):
        values = {
            "reference": ticket.reference,
            "target": str(Target(notice.target).label) if notice.target else "",
            "subject": ticket.subject,
            "link": link,
        }
        subject = _(_SUBJECTS[NoticeKind(notice.kind)]) % values
        body = _("%(reference)s %(subject)s\n\nOpen the case: %(link)s\n") % values
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


def sla_notifications_send(*, ids: list[int] | None = None, older_than: dt.timedelta | None = None) -> int:
    """Mail notices not mailed yet: the given ones, or (the outbox sweep) any older than `older_than`.

    A notice is claimed with SKIP LOCKED and stamped in the same transaction as its mail goes out.
    """
    pending = SlaNotification.objects.filter(emailed_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    else:
        pending = pending.filter(created_at__lt=timezone.now() - (older_than or dt.timedelta(minutes=2)))
    sent = 0
    for pk in list(pending.order_by("created_at").values_list("pk", flat=True)[:500]):
        try:
            sent += _send_one(pk)
        except OperationalError:
            raise  # the database is gone: the task's retry policy handles that
        except Exception:
            # A notice the mail server refuses stays unsent for the next sweep; the ones after it go now.
            logger.exception("SLA mail %s could not be sent", pk)
    return sent


def _send_one(pk: int) -> bool:
    with transaction.atomic():
        notice = (
            SlaNotification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "ticket")
            .filter(pk=pk, emailed_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        mailed = bool(notice.recipient.email)
        if mailed:
            _mail(notice)
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
        return mailed
