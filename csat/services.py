"""Every write of the satisfaction surveys: sending one per solved ticket, and recording the answer.

Which ticket gets a survey, and by which channel (docs/csat.md):
- a chat's survey is the rating the widget asks for when the chat ends; nothing more is sent;
- any other ticket's goes by email when the customer has an address, else to the customer portal
  when they have an exchange account to sign in with, else nowhere (skipped: unreachable);
- a customer sent a survey in the last CSAT_FATIGUE_DAYS days gets none (skipped: fatigue), except
  in a chat, whose widget asks every time.
One ticket, one survey (a unique row), one answer: it may be changed for CSAT_CHANGE_MINUTES, then it
is final and a later answer changes nothing.
"""

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from audit.services import audit_record
from csat import phrases
from csat.models import SkipReason, Survey, SurveyChannel
from helpdesk.errors import DomainError
from tickets.models import Channel, Status, Ticket

logger = logging.getLogger(__name__)

MAX_COMMENT = 2000
# Exchange accounts a customer can sign in to the portal with; chat visitors who never signed in
# ("anon-", livechat/identity.py) and strangers who only wrote email ("email-", mail) have none.
_NO_ACCOUNT_PREFIXES = ("anon-", "email-")
# The advisory lock that serialises one customer's fatigue decisions (PostgreSQL only).
_FATIGUE_LOCK = 0x43534154  # "CSAT"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Sending ----------------------------------------------------------------------------------------


def surveys_due_ids(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Solved (or since closed) tickets of the last CSAT_LOOKBACK_DAYS without a survey, oldest first.

    Read through the ticket index on (status, solved_at) and the survey's unique ticket index."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.CSAT_LOOKBACK_DAYS)
    return list(
        Ticket.objects.filter(
            status__in=(Status.SOLVED, Status.CLOSED), solved_at__gte=since, solved_at__lte=now
        )
        .filter(~Exists(Survey.objects.filter(ticket_id=OuterRef("pk"))))
        .order_by("solved_at")
        .values_list("pk", flat=True)[:limit]
    )


def _lock_customer_surveys(customer_id: int) -> None:
    """Two workers deciding for two tickets of one customer take turns, so fatigue holds between them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_FATIGUE_LOCK, customer_id])


def _recently_surveyed(customer_id: int, now: dt.datetime) -> bool:
    since = now - dt.timedelta(days=settings.CSAT_FATIGUE_DAYS)
    return Survey.objects.filter(customer_id=customer_id, sent_at__gt=since).exists()


def _channel_for(ticket: Ticket) -> str:
    if ticket.channel == Channel.CHAT:
        return SurveyChannel.WIDGET
    if ticket.customer.email:
        return SurveyChannel.EMAIL
    if not ticket.customer.external_id.startswith(_NO_ACCOUNT_PREFIXES):
        return SurveyChannel.PORTAL
    return ""


def survey_send(*, ticket_id: int, now: dt.datetime | None = None) -> Survey | None:
    """The survey of one solved ticket: sent, or recorded as skipped. None when another worker holds
    the ticket, it has a survey already, or it is no longer solved. Safe to run twice or in parallel:
    the ticket row is taken with SKIP LOCKED and the survey row is unique per ticket."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("customer")
            .filter(pk=ticket_id, status__in=(Status.SOLVED, Status.CLOSED))
            .first()
        )
        if ticket is None or Survey.objects.filter(ticket_id=ticket.pk).exists():
            return None
        _lock_customer_surveys(ticket.customer_id)
        channel = _channel_for(ticket)
        survey = Survey(
            ticket=ticket, customer=ticket.customer, language=ticket.language or "en", created_at=now
        )
        if not channel:
            survey.skip_reason = SkipReason.UNREACHABLE
        elif channel != SurveyChannel.WIDGET and _recently_surveyed(ticket.customer_id, now):
            survey.skip_reason = SkipReason.FATIGUE
        else:
            survey.channel = channel
            # A chat's widget asked when the chat ended, which is when its ticket was solved.
            survey.sent_at = ticket.solved_at if channel == SurveyChannel.WIDGET and ticket.solved_at else now
            survey.expires_at = now + dt.timedelta(days=settings.CSAT_EXPIRY_DAYS)
        token = secrets.token_urlsafe(32) if channel == SurveyChannel.EMAIL and not survey.skip_reason else ""
        if token:
            survey.token_hash = token_hash(token)
        survey.save(force_insert=True)
        audit_record(
            action="csat.survey_sent" if survey.sent_at else "csat.survey_skipped",
            obj=ticket,
            actor_label="system:csat",
            after={"survey": survey.pk, "channel": survey.channel, "skipped": survey.skip_reason},
        )
        if token:
            from csat.mail import survey_email_queue

            survey_email_queue(survey=survey, token=token)
    return survey


def surveys_send_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The beat sweep: one survey (sent or skipped) per solved ticket that has none. Returns how many
    this run made; one that fails is logged and tried again next run, and does not stop the others."""
    made = 0
    for pk in surveys_due_ids(now=now, limit=limit):
        try:
            if survey_send(ticket_id=pk, now=now) is not None:
                made += 1
        except Exception:
            # Left for the next run (it has no survey yet); the others still get theirs.
            logger.exception("csat: the survey of ticket %s failed", pk)
    return made


# --- Answering --------------------------------------------------------------------------------------


def survey_for_token(token: str, *, now: dt.datetime | None = None) -> Survey | None:
    """The survey a link's token opens, if it is still open; None for a wrong or expired token."""
    if not token or len(token) > 100:
        return None
    survey = Survey.objects.select_related("ticket").filter(token_hash=token_hash(token)).first()
    if survey is None or survey.expires_at is None or survey.expires_at <= (now or timezone.now()):
        return None
    return survey


def survey_for_ticket(*, ticket: Ticket) -> Survey | None:
    """The ticket's survey while the customer may answer it (the portal and the widget show it); None
    when it has none, it was skipped, it expired, or its answer is final."""
    survey = Survey.objects.filter(ticket_id=ticket.pk).first()
    if survey is None or survey.is_skipped or not survey_is_open(survey):
        return None
    return survey


def survey_is_open(survey: Survey, *, now: dt.datetime | None = None) -> bool:
    """Whether an answer would still be taken: not expired, and unanswered or within the change window."""
    now = now or timezone.now()
    if survey.expires_at is not None and survey.expires_at <= now:
        return False
    if survey.responded_at is None:
        return True
    return now < survey.responded_at + dt.timedelta(minutes=settings.CSAT_CHANGE_MINUTES)


def _clean(score: object, comment: str, channel: str) -> tuple[int, str]:
    if channel not in SurveyChannel.values:
        raise ValueError(f"unknown survey channel {channel!r}")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise DomainError(str(phrases.BAD_SCORE))
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(str(phrases.LONG_COMMENT) % {"max": MAX_COMMENT})
    # Stored with the case: a secret pasted in it is not kept.
    from approvals.redaction import redact

    return score, redact(comment).text


def survey_respond(*, survey: Survey, score: int, comment: str = "", channel: str) -> Survey:
    """Record the customer's answer. A second answer within CSAT_CHANGE_MINUTES of the first replaces
    it (a wrong click); after that, or once the survey expired or was skipped, nothing changes and the
    survey is returned as it is."""
    score, comment = _clean(score, comment, channel)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.is_skipped or not survey_is_open(survey):
            return survey
        return _record(survey, score=score, comment=comment, channel=channel)


def _record(survey: Survey, *, score: int, comment: str, channel: str) -> Survey:
    before = {"score": survey.score}
    survey.score = score
    survey.comment = comment
    survey.responded_at = timezone.now()
    survey.responded_via = channel
    survey.save(update_fields=["score", "comment", "responded_at", "responded_via"])
    audit_record(
        action="csat.survey_answered",
        obj=survey.ticket,
        actor_label=f"customer:{survey.customer.external_id}",
        before=before,
        after={"score": score, "via": channel},
    )
    return survey


def survey_record_chat_rating(*, ticket: Ticket, score: int, comment: str = "") -> Survey:
    """The rating the widget asked for when the chat ended is the chat ticket's survey answer.

    Called by live chat in its rating's transaction: the survey is made here if the sweep has not made
    it yet (the ticket row lock keeps the two apart), then answered through `survey_respond`'s rules."""
    score, comment = _clean(score, comment, SurveyChannel.WIDGET)
    now = timezone.now()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=ticket.pk)
        survey = Survey.objects.select_for_update().filter(ticket_id=locked.pk).first()
        if survey is None:
            survey = Survey(
                ticket=locked,
                customer=locked.customer,
                language=locked.language or "en",
                channel=SurveyChannel.WIDGET,
                created_at=now,
                sent_at=now,
                expires_at=now + dt.timedelta(days=settings.CSAT_EXPIRY_DAYS),
            )
            survey.save(force_insert=True)
        if survey.is_skipped or not survey_is_open(survey, now=now):
            return survey
        return _record(survey, score=score, comment=comment, channel=SurveyChannel.WIDGET)
