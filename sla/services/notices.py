"""Who is told about a warning, breach or executive escalation, and their mail.

Each person is recorded once per event (a unique row), which is also the outbox: mail and realtime
notices leave after commit, and a periodic job mails whatever a lost worker never sent.
"""

import datetime as dt
import logging
from functools import partial
from typing import Any, Literal

from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from sla.events import SlaNotice, publish_sla_notice
from sla.models import NoticeKind, SlaNotification, Target
from tickets.models import Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

logger = logging.getLogger(__name__)

# --- Recipients and records -----------------------------------------------------------------------


def active_users(**filters: Any) -> list[User]:
    return list(User.objects.filter(is_active=True, **filters).distinct().order_by("pk"))


def team_leads(team_id: int | None) -> list[User]:
    """Who oversees a team's cases: its leads and supervisor members, else every supervisor."""
    people: list[User] = []
    if team_id is not None:
        people = list(
            User.objects.filter(is_active=True)
            .filter(
                Q(memberships__team_id=team_id, memberships__is_lead=True)
                | Q(memberships__team_id=team_id, role=Role.SUPERVISOR)
            )
            .distinct()
            .order_by("pk")
        )
    return people or active_users(role=Role.SUPERVISOR)


def system_event(ticket: Ticket, event: str, reasons: list[str], **data: Any) -> TimelineEntry:
    return timeline_event_add(ticket, event, reasons=reasons, **data)


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
    told: list[User] = []
    now = timezone.now()
    for person in dict.fromkeys(recipients):
        notice, created = SlaNotification.objects.get_or_create(
            ticket=ticket,
            recipient=person,
            kind=kind,
            target=target,
            cycle=cycle,
            defaults={"created_at": now},
        )
        if created:
            told.append(person)
            transaction.on_commit(partial(_queue_email, notice.pk))
    if told:
        payload: SlaNotice = {
            "type": NOTICE_TYPES[NoticeKind(kind)],
            "ticket": ticket.pk,
            "reference": ticket.reference,
            "subject": ticket.subject,
            "target": target,
            "due_at": due_at.isoformat() if due_at else None,
        }
        ids = [p.pk for p in told]
        transaction.on_commit(partial(publish_sla_notice, ids, payload))
    return told


NOTICE_TYPES: dict[NoticeKind, Literal["sla.warned", "sla.breached", "sla.escalated"]] = {
    NoticeKind.WARNING: "sla.warned",
    NoticeKind.BREACH: "sla.breached",
    NoticeKind.EXECUTIVE: "sla.escalated",
}


def _queue_email(notification_id: int) -> None:
    from sla.tasks import sla_notification_email_task

    try:
        sla_notification_email_task.delay(notification_id)
    except Exception:
        # The outbox sweep sends it later.
        logger.warning("could not queue SLA mail %s", notification_id, exc_info=True)


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
