"""The mail digest: every few minutes (beat), one mail per person listing their unread notifications
of the kinds they get by mail, so a surge (a storm of assignments, a mass SLA warning) is one mail each,
not hundreds. Sent with Django's mail like the SLA notices' (settings.EMAIL_BACKEND)."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.models import Notification
from notifications.presenting import describe, link

logger = logging.getLogger(__name__)

# A notification waits this long first: one read on the bell meanwhile is not mailed.
GRACE = dt.timedelta(minutes=2)
# People mailed per run; the next run takes the rest.
PEOPLE_PER_RUN = 200
LINES_PER_MAIL = 20


def _due(now: dt.datetime) -> list[int]:
    return list(
        Notification.objects.filter(
            email_due=True, emailed_at__isnull=True, read_at__isnull=True, created_at__lt=now - GRACE
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:PEOPLE_PER_RUN]
    )


def notifications_digest_send(*, now: dt.datetime | None = None) -> int:
    """Mail each person with notifications due their digest; how many mails went out."""
    now = now or timezone.now()
    sent = 0
    for user_id in _due(now):
        try:
            sent += _send_digest(user_id, now)
        except OperationalError:
            raise  # the database is gone: the task's retry policy handles that
        except Exception:
            # A mail the server refuses stays due for the next run; the people after it get theirs now.
            logger.exception("notification digest for user %s could not be sent", user_id)
    return sent


def _send_digest(user_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        # Claimed under row locks and stamped in the same transaction as the mail: two workers never
        # mail the same notification, and a failed mail leaves it due.
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("actor")
            .filter(
                recipient_id=user_id,
                email_due=True,
                emailed_at__isnull=True,
                read_at__isnull=True,
                created_at__lt=now - GRACE,
            )
            .order_by("-created_at", "-pk")
        )
        if not rows:
            return False
        person = User.objects.get(pk=user_id)
        mailed = bool(person.email and person.is_active)
        if mailed:
            _mail(person, rows)
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
        return mailed


def _mail(person: User, rows: list[Notification]) -> None:
    site = settings.HELPDESK_SITE_URL.rstrip("/")
    with translation.override(person.language or settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(count)d new notification in the helpdesk",
            "%(count)d new notifications in the helpdesk",
            len(rows),
        ) % {"count": len(rows)}
        lines = [f"- {describe(n)}\n  {site}{link(n)}" for n in rows[:LINES_PER_MAIL]]
        if len(rows) > LINES_PER_MAIL:
            lines.append(_("… and %(more)d more.") % {"more": len(rows) - LINES_PER_MAIL})

        lines.append(
            "\n"
            + _("Choose what reaches you by mail: %(link)s")
            % {"link": site + reverse("notifications:preferences")}
        )
    send_mail(subject, "\n".join(lines) + "\n", settings.DEFAULT_FROM_EMAIL, [person.email])
