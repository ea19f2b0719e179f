"""Every write of the costs app: the page heartbeat that opens or extends a work span, the sweep that
turns ended chats into work spans, and entering an hourly cost (audited).

Heartbeats and chat spans are measurements, not decisions anyone makes: they are not written to the
audit log (a beat every 30 seconds per open case would drown it). Hourly costs are configuration and
are audited like every other change of configuration.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from costs.chatwork import ChatStep, chat_spans, step_of
from costs.models import ChatWorkRecorded, CostRate, SpanSource, WorkSpan
from helpdesk.errors import DomainError
from livechat.models import Conversation, ConversationStatus
from tickets.models import EntryKind, Ticket, TimelineEntry

# The page sends a heartbeat this often while it is visible and in use; a beat credits at most this.
BEAT_SECONDS = 30
# A beat more than this after the previous one opens a new span instead of extending it.
GAP_SECONDS = 120
# The highest hourly cost accepted: anything above is a typing mistake (a misplaced decimal point).
MAX_HOURLY_COST = Decimal("10000")
# Chats ended longer ago than this are left alone by the sweep (it runs every minute).
CHAT_LOOKBACK = dt.timedelta(days=7)


# --- Heartbeats -----------------------------------------------------------------------------------


def _credit(seconds: Any) -> dt.timedelta:
    """What one beat may add: the seconds the page says it was visible and in use, at most a beat."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        value = 0.0
    if value != value:  # NaN
        value = 0.0
    return dt.timedelta(seconds=max(0.0, min(value, float(BEAT_SECONDS))))


def workspan_beat(*, agent: Any, ticket_id: int, seconds: Any, now: dt.datetime | None = None) -> int | None:
    """Credit `agent`'s work on a case: extend their latest page span on it when the previous beat
    came at most GAP_SECONDS ago, else open a new one. Returns the span's id, or None when the
    agent may not see the case (partner agents see only their teams' cases).

    One statement on PostgreSQL, access check included: an UPDATE and an INSERT in one WITH, so a
    beat costs one round trip. Two tabs of one case beat into the same span, and a beat never credits
    more than the time since the previous one, so two tabs count once.
    """
    now = now or timezone.now()
    credit = _credit(seconds)
    gap = dt.timedelta(seconds=GAP_SECONDS)
    visible = Ticket.objects.visible_to(agent).filter(pk=ticket_id).values("id")
    if connection.vendor == "postgresql":
        return _beat_postgresql(agent.pk, visible, credit=credit, gap=gap, now=now)
    return _beat_portable(agent.pk, ticket_id, visible, credit=credit, gap=gap, now=now)


def _beat_postgresql(
    agent_id: int, visible: Any, *, credit: dt.timedelta, gap: dt.timedelta, now: dt.datetime
) -> int | None:
    visible_sql, visible_params = visible.query.sql_with_params()
    table = WorkSpan._meta.db_table
    # Only the ORM's own SQL and the table name go into the text; every value is a parameter.
    sql = f"""
        WITH visible AS ({visible_sql}),
        latest AS (
            SELECT s.id FROM {table} s
            WHERE s.agent_id = %s AND s.ticket_id IN (SELECT id FROM visible) AND s.source = %s
              AND s.last_beat_at >= %s AND s.last_beat_at <= %s
            ORDER BY s.last_beat_at DESC LIMIT 1
        ),
        extended AS (
            UPDATE {table} SET
                ended_at = ended_at + LEAST(%s::interval, %s - last_beat_at),
                last_beat_at = %s
            WHERE id IN (SELECT id FROM latest)
            RETURNING id
        ),
        opened AS (
            INSERT INTO {table} (ticket_id, agent_id, source, started_at, ended_at, last_beat_at)
            SELECT v.id, %s, %s, %s, %s, %s FROM visible v
            WHERE NOT EXISTS (SELECT 1 FROM latest)
            RETURNING id
        )
        SELECT id FROM extended UNION ALL SELECT id FROM opened
    """  # noqa: S608
    params = [
        *visible_params,
        agent_id,
        SpanSource.PAGE,
        now - gap,
        now,
        credit,
        now,
        now,
        agent_id,
        SpanSource.PAGE,
        now - credit,
        now,
        now,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _beat_portable(
    agent_id: int,
    ticket_id: int,
    visible: Any,
    *,
    credit: dt.timedelta,
    gap: dt.timedelta,
    now: dt.datetime,
) -> int | None:
    """The same for the embedded SQLite run, in a few statements under one transaction."""
    with transaction.atomic():
        if not visible.exists():
            return None
        span = (
            WorkSpan.objects.select_for_update()
            .filter(
                agent_id=agent_id,
                ticket_id=ticket_id,
                source=SpanSource.PAGE,
                last_beat_at__gte=now - gap,
                last_beat_at__lte=now,
            )
            .order_by("-last_beat_at")
            .first()
        )
        if span is None:
            span = WorkSpan.objects.create(
                ticket_id=ticket_id,
                agent_id=agent_id,
                source=SpanSource.PAGE,
                started_at=now - credit,
                ended_at=now,
                last_beat_at=now,
            )
            return span.pk
        assert span.last_beat_at is not None
        span.ended_at += min(credit, now - span.last_beat_at)
        span.last_beat_at = now
        span.save(update_fields=["ended_at", "last_beat_at"])
        return span.pk


# --- Chats ----------------------------------------------------------------------------------------

_CHAT_EVENTS = ["assigned", "unassigned", "transferred", "escalated", "overflowed"]


def chat_work_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Write the work spans of chats that have ended and are not recorded yet, each chat once.

    Run by beat every minute. Two sweeps at once take different chats (SKIP LOCKED); a sweep that dies
    halfway rolls back and the next one does the batch again. Returns how many chats were recorded.
    """
    now = now or timezone.now()
    with transaction.atomic():
        chats = list(
            Conversation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=ConversationStatus.ENDED, ended_at__isnull=False, ended_at__gte=now - CHAT_LOOKBACK
            )
            .exclude(pk__in=ChatWorkRecorded.objects.values("conversation_id"))
            .only("id", "ticket_id", "ended_at")
            .order_by("ended_at", "id")[:limit]
        )
        if not chats:
            return 0
        steps: dict[int, list[ChatStep]] = {c.ticket_id: [] for c in chats}
        entries = (
            TimelineEntry.objects.filter(ticket_id__in=list(steps))
            .filter(
                Q(kind__in=[EntryKind.AGENT_REPLY, EntryKind.INTERNAL_NOTE], author__isnull=False)
                | Q(kind=EntryKind.SYSTEM_EVENT, data__event__in=_CHAT_EVENTS)
            )
            .order_by("ticket_id", "created_at", "id")
            .values_list("ticket_id", "kind", "author_id", "data", "created_at")
        )
        for ticket_id, kind, author_id, data, created_at in entries:
            step = step_of(kind=kind, author_id=author_id, data=data, at=created_at)
            if step is not None:
                steps[ticket_id].append(step)
        spans: list[WorkSpan] = []
        recorded: list[ChatWorkRecorded] = []
        for chat in chats:
            assert chat.ended_at is not None
            found = chat_spans(steps[chat.ticket_id], ended_at=chat.ended_at)
            spans += [
                WorkSpan(
                    ticket_id=chat.ticket_id,
                    agent_id=s.agent,
                    source=SpanSource.CHAT,
                    started_at=s.started_at,
                    ended_at=s.ended_at,
                )
                for s in found
            ]
            recorded.append(ChatWorkRecorded(conversation_id=chat.pk, recorded_at=now, spans=len(found)))
        WorkSpan.objects.bulk_create(spans)
        ChatWorkRecorded.objects.bulk_create(recorded)
    return len(chats)


# --- Hourly costs ---------------------------------------------------------------------------------


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the hourly cost as a number, such as 42.50."), code="invalid") from None
    if not amount.is_finite():
        raise DomainError(_("Enter the hourly cost as a number, such as 42.50."), code="invalid")
    if amount < 0:
        raise DomainError(_("An hourly cost cannot be negative."), code="invalid")
    if amount > MAX_HOURLY_COST:
        raise DomainError(
            _("An hourly cost above %(max)s is not accepted: check the decimal point.")
            % {"max": MAX_HOURLY_COST},
            code="invalid",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("An hourly cost has at most two decimals."), code="invalid")
    return amount


def first_open_day(today: dt.date) -> dt.date:
    """The earliest date a new cost may start from: the first day of the current month. Earlier
    months are closed, so a change never rewrites a month already reported."""
    return today.replace(day=1)


def cost_rate_set(
    *,
    actor: Any,
    hourly_cost: Any,
    effective_from: dt.date,
    team: Any = None,
    agent: Any = None,
    today: dt.date | None = None,
) -> CostRate:
    """Enter the fully loaded hourly cost of a team or of one agent (which overrides their team's)
    from `effective_from` on, until the next cost entered for the same team or agent."""
    if (team is None) == (agent is None):
        raise DomainError(_("Choose either a team or an agent."), code="invalid")
    amount = _money(hourly_cost)
    today = today or timezone.localdate()
    if not isinstance(effective_from, dt.date):
        raise DomainError(_("Enter the date the cost applies from."), code="invalid")
    opens = first_open_day(today)
    if effective_from < opens:
        raise DomainError(
            _("Past months are closed: a cost can start on %(date)s at the earliest.")
            % {"date": opens.isoformat()},
            code="invalid",
        )
    subject = {"team": team} if team is not None else {"agent": agent}
    with transaction.atomic():
        if CostRate.objects.filter(**subject, effective_from=effective_from).exists():
            raise DomainError(
                _("A cost from %(date)s is already entered for them: choose another date.")
                % {"date": effective_from.isoformat()},
                code="overlap",
            )
        try:
            with transaction.atomic():
                rate = CostRate.objects.create(
                    **subject,
                    hourly_cost=amount,
                    effective_from=effective_from,
                    created_at=timezone.now(),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # Someone entered the same date a moment ago.
            raise DomainError(
                _("A cost from %(date)s is already entered for them: choose another date.")
                % {"date": effective_from.isoformat()},
                code="overlap",
            ) from None
        audit_record(
            action="costs.rate_set",
            obj=rate,
            actor=actor,
            after={
                "team": rate.team_id,
                "agent": rate.agent_id,
                "hourly_cost": str(amount),
                "effective_from": effective_from.isoformat(),
            },
        )
    return rate
