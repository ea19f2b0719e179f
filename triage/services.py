"""Writes of triage: a message's mentions, a ticket's request for a look-up, and the look-up's result."""

from __future__ import annotations

import datetime as dt
import functools
import html
import importlib
import logging
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags

from helpdesk.inserts import cte_insert
from helpdesk.prepared import execute_prepared
from helpdesk.task_publish import TaskPublisher
from routing.models import Team, Tier
from tickets.models import UNRESOLVED, BodyFormat, Ticket, TimelineEntry
from triage.chains.types import ChainAdapter
from triage.diagnose.cases import diagnose
from triage.diagnose.gather import ExchangeReader, gather
from triage.mentions import Found, extract
from triage.models import LOOKED_UP_KINDS, Mention, MentionKind, TicketTriage, TriageState

logger = logging.getLogger(__name__)

# A customer's message with no new hash or address looks the ticket's facts up again only if the last
# look-up is at least this old.
RELOOK_AFTER = dt.timedelta(seconds=30)
# Longer values are not hashes or addresses of any chain we know; the column is sized for them.
_MAX_VALUE = 200


def entry_text(entry: TimelineEntry) -> str:
    """What the customer wrote, as text (an HTML email's tags and entities are not mentions)."""
    if entry.body_format == BodyFormat.HTML:
        return html.unescape(strip_tags(entry.body))
    return entry.body


def _amount(found: Found) -> Decimal | None:
    if found.kind != MentionKind.AMOUNT:
        return None
    try:
        value = Decimal(found.value)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and abs(value) < Decimal(10) ** 21 else None


def mentions_store(*, entry: TimelineEntry, found: Iterable[Found]) -> list[Mention]:
    """One row per mention (suspects are not mentions); storing the same entry twice adds nothing."""
    rows = _mention_rows(entry, found)
    if rows:
        Mention.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def _mention_rows(entry: TimelineEntry, found: Iterable[Found]) -> list[Mention]:
    return [
        Mention(
            entry=entry,
            ticket_id=entry.ticket_id,
            kind=f.kind,
            value=f.value[:_MAX_VALUE],
            network=f.network[:16],
            chains=list(f.chains),
            asset=f.asset[:16],
            amount=_amount(f),
            source=f.source[:250],
            start=f.start,
            end=f.end,
            checksum=f.checksum[:8],
        )
        for f in found
        if f.kind in MentionKind.values
    ]


def triage_read(entry: TimelineEntry) -> list[Found]:
    """What the message mentions (its text and its files' names). Reads nothing else."""
    held = getattr(entry, "_prefetched_objects_cache", {}).get("attachments")
    if held is not None:
        # A new entry written without files holds none already (tickets.services): no query to build.
        names = [] if held.query.is_empty() else [attachment.filename for attachment in held]
    else:
        names = list(entry.attachments.values_list("filename", flat=True))
    return extract(entry_text(entry), attachment_names=names)


def mentions_storable(found: list[Found]) -> bool:
    return any(f.kind in MentionKind.values for f in found)


def triage_relook_due(*, ticket_id: int, now: dt.datetime) -> bool:
    """Whether a ticket's facts are to be looked up again though the message names nothing new: it has
    had a look-up, none is on its way, and the last one is older than RELOOK_AFTER."""
    stale = TicketTriage.objects.filter(ticket_id=ticket_id).exclude(state=TriageState.PENDING)
    stale = stale.filter(Q(looked_up_at__isnull=True) | Q(looked_up_at__lt=now - RELOOK_AFTER))
    return stale.exists()


def triage_request(
    *, ticket: Ticket, entry: TimelineEntry, now: dt.datetime, found: list[Found] | None = None
) -> bool:
    """Extract the message's mentions (or take `found`, read already) and, when the ticket has a hash or
    an address to look up, mark its triage pending and queue the look-up after the commit. In the
    caller's transaction; no HTTP. True when a look-up was queued."""
    found = triage_read(entry) if found is None else found
    rows = _mention_rows(entry, found)
    if connection.vendor == "postgresql" and any(m.kind in LOOKED_UP_KINDS for m in rows):
        # What a message naming a hash or an address costs: its mentions and the look-up's request in
        # one statement, prepared (it was an INSERT, an UPDATE and, for a new case, an INSERT).
        _store_and_request(ticket_id=ticket.pk, rows=rows, now=now)
        return True
    stored = mentions_store(entry=entry, found=found)
    # Nothing new to look up: the facts are looked up again for a ticket that has some, unless a
    # look-up is already on its way or ran moments ago (a chat's "ok", "thanks" cost nothing).
    if not any(m.kind in LOOKED_UP_KINDS for m in stored) and not triage_relook_due(
        ticket_id=ticket.pk, now=now
    ):
        return False
    _look_up_later(ticket_id=ticket.pk, now=now)
    return True


def triage_refresh(*, ticket: Ticket, now: dt.datetime | None = None) -> bool:
    """An agent asks for the look-up again (confirmations grow, a network resumes); False when the
    ticket mentions nothing to look up."""
    if not Mention.objects.filter(ticket=ticket, kind__in=LOOKED_UP_KINDS).exists():
        return False
    with transaction.atomic():
        _look_up_later(ticket_id=ticket.pk, now=now or timezone.now())
    return True


def _store_and_request(*, ticket_id: int, rows: list[Mention], now: dt.datetime) -> None:
    """`mentions_store` and `_look_up_later` in one statement (PostgreSQL): each mention a part of one
    `WITH` (a span stored already is left as it is), then the ticket's triage marked pending with a
    newer generation, or created pending, in one upsert on its ticket."""
    spans: dict[tuple[str, int, str], Mention] = {}
    for row in rows:
        # One row per span (the unique constraint's key), the first one, as `bulk_create` keeps it.
        spans.setdefault((row.source, row.start, row.kind), row)
    parts = [cte_insert(row, f"mention{i}", written=_ignored) for i, row in enumerate(spans.values())]
    request = TicketTriage(
        ticket_id=ticket_id, state=TriageState.PENDING, generation=1, requested_at=now, updated_at=now
    )
    upsert = cte_insert(request, "triage", written=_ignored)
    params: dict[str, Any] = {**upsert.params}
    for part in parts:
        params.update(part.params)
    execute_prepared(_store_and_request_sql(tuple(p.sql for p in parts), upsert.sql), params)
    _queue_look_up_on_commit(ticket_id)


def _ignored(_key: Any) -> None:
    pass


@functools.cache
def _store_and_request_sql(mentions: tuple[str, ...], request: str) -> str:
    table, column = TicketTriage._meta.db_table, TicketTriage._meta.get_field("ticket").column
    again = (
        f" ON CONFLICT ({column}) DO UPDATE SET state = EXCLUDED.state,"
        f" generation = {table}.generation + 1, requested_at = EXCLUDED.requested_at,"
        " updated_at = EXCLUDED.updated_at, unreachable_retries = 0, retry_at = NULL RETURNING "
    )
    ctes = [
        f"mention{i} AS ({sql.replace(' RETURNING ', ' ON CONFLICT DO NOTHING RETURNING ', 1)})"
        for i, sql in enumerate(mentions)
    ]
    upsert = request.replace(" RETURNING ", again, 1)
    return f"WITH {', '.join(ctes)}\n{upsert}" if ctes else upsert


def _queue_look_up_on_commit(ticket_id: int) -> None:
    """Queue the look-up once the caller commits. Most new cases queue one: published with a message
    Celery built once (helpdesk/task_publish.py)."""

    # Robust: a broker that is down leaves the triage pending (the stalled sweep queues it again); the
    # message is in either way.
    _lookup_publisher().publish_on_commit(ticket_id)


@functools.cache
def _lookup_publisher() -> TaskPublisher:
    return TaskPublisher(_lookup_task())


def _look_up_later(*, ticket_id: int, now: dt.datetime) -> None:
    """Mark the triage pending (a newer generation) and queue its look-up once the caller commits."""
    updated = TicketTriage.objects.filter(ticket_id=ticket_id).update(
        state=TriageState.PENDING,
        generation=F("generation") + 1,
        requested_at=now,
        updated_at=now,
        unreachable_retries=0,
        retry_at=None,
    )
    if not updated:
        TicketTriage.objects.create(
            ticket_id=ticket_id, state=TriageState.PENDING, generation=1, requested_at=now, updated_at=now
        )

    _queue_look_up_on_commit(ticket_id)


def _default_client() -> ExchangeReader:
    from exchange.client import exchange_client

    return exchange_client()


def _default_adapter_for() -> Callable[[str], ChainAdapter]:
    from triage.chains import adapter_for

    return adapter_for


def _lookup_task() -> Any:
    """The look-up task, by name: triage.tasks also links tickets to incidents once the facts are in,
    and incident matching reads triage's mentions, so this module must not import it."""
    return importlib.import_module("triage.tasks").triage_lookup_task


def triage_lookup(
    *,
    ticket_id: int,
    client: ExchangeReader | None = None,
    adapter_for: Callable[[str], ChainAdapter] | None = None,
) -> TicketTriage | None:
    """Look up everything the ticket's messages mention and store the facts and the diagnoses.

    Idempotent: run again, it stores the same kind of result (fresher). HTTP happens outside any
    transaction; the result is stored only if no newer look-up was requested meanwhile. A source that
    fails makes the triage partial (or failed, when nothing answered) with the error kept; it never
    raises for a remote failure."""
    triage = TicketTriage.objects.select_related("ticket__customer").filter(ticket_id=ticket_id).first()
    if triage is None:
        return None
    generation = triage.generation
    mentions = list(
        Mention.objects.filter(ticket_id=ticket_id)
        .order_by("entry_id", "start", "id")
        .only("kind", "value", "network", "chains")
    )
    try:
        result = gather(
            external_id=triage.ticket.customer.external_id,
            mentions=mentions,
            client=client or _default_client(),
            adapter_for=adapter_for or _default_adapter_for(),
        )
        diagnoses = [d.as_dict() for case in result.cases for d in diagnose(case, result.exchange)]
        errors = result.errors
        state = TriageState.DONE
        if errors:
            state = TriageState.PARTIAL if result.answered else TriageState.FAILED
        facts = result.facts
    except Exception as exc:  # a bug in a parser must not leave the panel spinning forever
        logger.exception("triage look-up of ticket %s failed", ticket_id)
        diagnoses, facts, state = [], {}, TriageState.FAILED
        errors = [{"source": "triage", "message": f"The look-up failed: {type(exc).__name__}.", "stale": ""}]
    now = timezone.now()
    retry_at = None
    if state != TriageState.DONE and triage.unreachable_retries < RETRY_MAX and any_unreachable(errors):
        retry_at = now + retry_backoff(triage.unreachable_retries)
    stored = TicketTriage.objects.filter(pk=triage.pk, generation=generation).update(
        state=state,
        diagnoses=diagnoses,
        facts=facts,
        errors=errors,
        looked_up_at=now,
        updated_at=now,
        retry_at=retry_at,
    )
    if not stored:
        return None  # a newer message asked for a new look-up, which stores its own result
    triage.refresh_from_db()
    return triage


def teams_by_skill(skills: Sequence[str]) -> dict[str, Team]:
    """The team that resolves each skill: the specialists (tier 2) with the skill, else the general
    tier, else the executives; by name within a tier. One query."""
    wanted = {s for s in skills if s}
    if not wanted:
        return {}
    found: dict[str, Team] = {}
    preference: dict[int, int] = {Tier.SPECIALIST: 0, Tier.GENERAL: 1}
    teams = sorted(Team.objects.all(), key=lambda t: (preference.get(t.tier, 2), t.tier, t.name))
    for team in teams:
        for skill in team.skills or ():
            if skill in wanted and skill not in found:
                found[skill] = team
    return found


def triage_for_ticket(ticket: Ticket) -> TicketTriage | None:
    return TicketTriage.objects.filter(ticket=ticket).first()


def ticket_mentions(ticket: Ticket) -> list[Mention]:
    return list(Mention.objects.filter(ticket=ticket).order_by("entry_id", "source", "start", "id"))


def triage_failed_note(*, ticket: Ticket, now: dt.datetime, message: str) -> None:
    """What the panel shows when the intake step itself failed: no mentions, a failed triage, why."""
    TicketTriage.objects.update_or_create(
        ticket=ticket,
        defaults={
            "state": TriageState.FAILED,
            "errors": [{"source": "triage", "message": message, "stale": ""}],
            "requested_at": now,
            "updated_at": now,
        },
    )


# A look-up queued this long ago and still pending was lost (the broker was down at the commit, or a
# worker died with it): the sweep queues it again.
STALLED_AFTER = dt.timedelta(minutes=2)


# A look-up that ended partial or failed because the exchange or a chain node could not be reached is
# looked up again at most RETRY_MAX times, 1, 2 then 4 minutes after the last look-up; only while the
# ticket is unresolved and the last look-up is less than RETRY_WITHIN old.
RETRY_MAX = 3
RETRY_FIRST_AFTER = dt.timedelta(minutes=1)
RETRY_WITHIN = dt.timedelta(hours=1)

# What the exchange client says when it could not reach the exchange (timeout, refused connection, a
# 5xx, its breaker open); a 4xx answer ("no such record", "refused the request") is an answer.
_EXCHANGE_UNREACHABLE = (
    "The exchange did not answer in time",
    "The exchange cannot be reached",
    "The exchange failed with HTTP 5",
    "The exchange is unavailable",
)


def retry_backoff(retries_done: int) -> dt.timedelta:
    """How long after a look-up the next automatic one is due: 1, 2, 4 minutes."""
    return RETRY_FIRST_AFTER * (2 ** max(0, retries_done))


def source_unreachable(error: dict[str, str]) -> bool:
    """Whether an error line of a look-up means a source could not be reached (worth trying again), as
    opposed to a source that answered (a hash it does not know is no error at all)."""
    source = str(error.get("source", ""))
    if source.startswith("chain:"):
        return True  # ChainUnavailable: the node or explorer did not answer, or not with its API
    if source.startswith("exchange:"):
        # A stale copy is only ever shown in place of an answer that did not come.
        return error.get("stale") == "yes" or str(error.get("message", "")).startswith(_EXCHANGE_UNREACHABLE)
    return False


def any_unreachable(errors: Iterable[dict[str, str]]) -> bool:
    return any(source_unreachable(e) for e in errors)


def triage_stalled_requeue(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Queue again the look-ups pending for longer than STALLED_AFTER, and the partial or failed ones
    whose retry after an unreachable source is due (see RETRY_MAX); the number queued.

    Each is moved forward (`requested_at`, and a retry is counted and unplanned) in the same transaction
    that picks it, rows locked with SKIP LOCKED, so two sweeps at once, or one run twice, queue each
    look-up once."""
    now = now or timezone.now()
    with transaction.atomic():
        picked = list(
            TicketTriage.objects.filter(state=TriageState.PENDING, requested_at__lt=now - STALLED_AFTER)
            .order_by("requested_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", "ticket_id")[:limit]
        )
        retried = list(
            TicketTriage.objects.filter(
                state__in=(TriageState.PARTIAL, TriageState.FAILED),
                retry_at__lte=now,
                unreachable_retries__lt=RETRY_MAX,
                looked_up_at__gte=now - RETRY_WITHIN,
                ticket__status__in=UNRESOLVED,
            )
            .order_by("retry_at")
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", "ticket_id")[:limit]
        )
        if not picked and not retried:
            return 0
        if picked:
            TicketTriage.objects.filter(pk__in=[pk for pk, _ in picked]).update(requested_at=now)
        if retried:
            # Pending again (the panel says it is looking up; a lost one is swept as any pending one),
            # same generation: a newer customer message still supersedes it.
            TicketTriage.objects.filter(pk__in=[pk for pk, _ in retried]).update(
                state=TriageState.PENDING,
                requested_at=now,
                updated_at=now,
                retry_at=None,
                unreachable_retries=F("unreachable_retries") + 1,
            )
        tickets = [ticket_id for _, ticket_id in (*picked, *retried)]

        def queue() -> None:
            task = _lookup_task()
            for ticket_id in tickets:
                task.delay(ticket_id)

        transaction.on_commit(queue, robust=True)
    return len(tickets)
