"""Every write of the volatility app: the surge sweep and the market events supervisors mark.

Each runs in one transaction with its audit record. Nothing here has a side effect to queue: reports
read the windows when they are drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from helpdesk.errors import DomainError
from volatility.access import volatility_manageable
from volatility.detection import Run, bucket_floor, judge, surge_runs
from volatility.models import MarketEvent, SurgeWindow, SweepCursor

# A first sweep (or one after a long outage) judges at most this far back: older buckets are history
# the usual is built from, not news.
CATCH_UP = dt.timedelta(days=1)

# --- The surge sweep ---------------------------------------------------------------------------------


def surge_sweep(*, now: dt.datetime | None = None) -> int:
    """Judge the buckets closed since the last sweep and store their surges; returns how many
    windows were created or extended.

    Idempotent: the cursor row is locked for the whole sweep and moved to the last bucket judged, so
    a second sweep (or a second worker, which waits for the lock) finds nothing left to judge. A run of
    surge buckets that begins where a stored window ends extends that window; one judged again (the
    cursor lost) changes nothing.
    """
    now = now or timezone.now()
    until = bucket_floor(now)  # the end of the last closed bucket
    SweepCursor.objects.get_or_create(pk=1)
    with transaction.atomic():
        cursor = SweepCursor.objects.select_for_update().get(pk=1)
        start = max(cursor.swept_until or until - CATCH_UP, until - CATCH_UP)
        if start >= until:
            return 0
        runs = surge_runs(judge(start, until))
        touched = _store(runs, now=now)
        cursor.swept_until = until
        cursor.save(update_fields=["swept_until"])
    return touched


def _store(runs: list[Run], *, now: dt.datetime) -> int:
    """Store each run as a new window, or add it to the stored window it touches: the one a surge
    going on since the last sweep left open, or (after the cursor was lost and a day judged again)
    one holding some of its buckets already, which are not counted twice."""
    if not runs:
        return 0
    stored = list(SurgeWindow.objects.filter(start__lte=runs[-1].end, end__gte=runs[0].start))
    touched = 0
    for run in runs:
        window = next((w for w in stored if w.start <= run.end and w.end >= run.start), None)
        if window is None:
            window = SurgeWindow.objects.create(
                start=run.start,
                end=run.end,
                arrivals=run.arrivals,
                peak_arrivals=run.peak.arrivals,
                usual=run.peak.usual,
                ratio=run.peak.ratio,
                detected_at=now,
                updated_at=now,
            )
            audit_record(action="volatility.surge_detected", obj=window, after=_surge_facts(window))
            stored.append(window)
            touched += 1
        else:
            touched += _extend(window, run, now=now)
    return touched


def _extend(window: SurgeWindow, run: Run, *, now: dt.datetime) -> int:
    new = [b for b in run.buckets if not window.start <= b.start < window.end]
    if not new:
        return 0
    before = _surge_facts(window)
    window.start, window.end = min(window.start, run.start), max(window.end, run.end)
    window.arrivals += sum(b.arrivals for b in new)
    peak = max(new, key=lambda b: b.arrivals)
    if peak.arrivals > window.peak_arrivals:
        window.peak_arrivals, window.usual, window.ratio = peak.arrivals, peak.usual, peak.ratio
    window.updated_at = now
    window.save(update_fields=["start", "end", "arrivals", "peak_arrivals", "usual", "ratio", "updated_at"])
    audit_record(action="volatility.surge_extended", obj=window, before=before, after=_surge_facts(window))
    return 1


def _surge_facts(window: SurgeWindow) -> dict[str, Any]:
    return {
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "arrivals": window.arrivals,
        "peak_arrivals": window.peak_arrivals,
        "usual": window.usual,
        "ratio": round(window.ratio, 2),
    }


# --- Market events -----------------------------------------------------------------------------------

_ASSET = re.compile(r"^[A-Z0-9]{2,10}$")
MAX_ASSETS = 20
# How far from now an event may be marked: far older is history no report reads, far ahead a typo.
MAX_PAST = dt.timedelta(days=366)
MAX_AHEAD = dt.timedelta(days=30)


def _check_manager(actor: Any) -> None:
    if not volatility_manageable(actor):
        raise DomainError(_("only supervisors and admins mark market events"), code="forbidden")


def _clean_title(title: Any) -> str:
    title = " ".join(str(title or "").replace("\x00", "").split())
    if not title:
        raise DomainError(_("the title is empty"))
    if len(title) > 200:
        raise DomainError(_("the title is longer than 200 characters"))
    return title


def _clean_note(note: Any) -> str:
    note = str(note or "").replace("\x00", "").strip()
    if len(note) > 2000:
        raise DomainError(_("the note is longer than 2000 characters"))
    return note


def _clean_assets(assets: Any) -> list[str]:
    if isinstance(assets, str):
        assets = [a for a in re.split(r"[\s,]+", assets) if a]
    if not isinstance(assets, list | tuple):
        raise DomainError(_("assets are a list of symbols, such as BTC or ETH"))
    clean: list[str] = []
    for asset in assets:
        symbol = str(asset).strip().upper()
        if not _ASSET.match(symbol):
            raise DomainError(_("%(asset)s is not an asset symbol, such as BTC or ETH") % {"asset": asset})
        if symbol not in clean:
            clean.append(symbol)
    if len(clean) > MAX_ASSETS:
        raise DomainError(_("name at most %(count)d assets") % {"count": MAX_ASSETS})
    return clean


def _aware(value: Any, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise DomainError(_("the %(what)s needs a date, a time and a time zone") % {"what": what})
    return value.astimezone(dt.UTC)


def _check_period(start: dt.datetime, end: dt.datetime | None, *, now: dt.datetime) -> None:
    if start < now - MAX_PAST:
        raise DomainError(_("the start is more than a year ago"))
    if start > now + MAX_AHEAD:
        raise DomainError(_("the start is more than 30 days ahead"))
    if end is None:
        return
    if end <= start:
        raise DomainError(_("the end is not after the start"))
    if end - start > dt.timedelta(days=settings.VOLATILITY_EVENT_MAX_DAYS):
        raise DomainError(
            _("an event lasts at most %(days)d days; mark a longer period as several events")
            % {"days": settings.VOLATILITY_EVENT_MAX_DAYS}
        )


def _event_facts(event: MarketEvent) -> dict[str, Any]:
    return {
        "title": event.title,
        "start": event.start.isoformat(),
        "end": event.end.isoformat() if event.end else None,
        "assets": list(event.assets),
        "note": event.note,
    }


def market_event_mark(
    *,
    actor: Any,
    title: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    assets: Iterable[str] = (),
    note: str = "",
) -> MarketEvent:
    """Mark a market event: reports count its period inside the volatility windows. No end: ongoing."""
    _check_manager(actor)
    now = timezone.now()
    clean_start = _aware(start, _("start"))
    clean_end = _aware(end, _("end")) if end is not None else None
    _check_period(clean_start, clean_end, now=now)
    fields = {
        "title": _clean_title(title),
        "assets": _clean_assets(list(assets) if not isinstance(assets, str) else assets),
        "note": _clean_note(note),
    }
    with transaction.atomic():
        event = MarketEvent.objects.create(
            start=clean_start, end=clean_end, created_by=actor, created_at=now, updated_at=now, **fields
        )
        audit_record(action="volatility.event_marked", obj=event, actor=actor, after=_event_facts(event))
    return event


EDITABLE = ("title", "start", "end", "assets", "note")


def market_event_edit(*, event: MarketEvent, actor: Any, **changes: Any) -> MarketEvent:
    """Change an event's title, period, assets or note. `end=None` makes it ongoing again."""
    _check_manager(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(_("cannot change %(fields)s here") % {"fields": ", ".join(sorted(unknown))})
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = _clean_title(changes["title"])
    if "note" in changes:
        clean["note"] = _clean_note(changes["note"])
    if "assets" in changes:
        clean["assets"] = _clean_assets(changes["assets"])
    if "start" in changes:
        clean["start"] = _aware(changes["start"], _("start"))
    if "end" in changes:
        clean["end"] = _aware(changes["end"], _("end")) if changes["end"] is not None else None
    with transaction.atomic():
        event = MarketEvent.objects.select_for_update().get(pk=event.pk)
        start, end = clean.get("start", event.start), clean.get("end", event.end)
        if "start" in clean or "end" in clean:
            _check_period(start, end, now=timezone.now())
        before = _event_facts(event)
        changed = {k: v for k, v in clean.items() if getattr(event, k) != v}
        if not changed:
            return event
        for key, value in changed.items():
            setattr(event, key, value)
        event.updated_at = timezone.now()
        event.save(update_fields=[*changed, "updated_at"])
        after = _event_facts(event)
        audit_record(
            action="volatility.event_edited",
            obj=event,
            actor=actor,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return event


def market_event_end(*, event: MarketEvent, actor: Any, end: dt.datetime | None = None) -> MarketEvent:
    """End an ongoing event, now or at `end`."""
    _check_manager(actor)
    with transaction.atomic():
        event = MarketEvent.objects.select_for_update().get(pk=event.pk)
        if event.end is not None:
            raise DomainError(_("this event has ended already"), code="ended")
        now = timezone.now()
        clean_end = _aware(end, _("end")) if end is not None else now
        _check_period(event.start, clean_end, now=now)
        event.end, event.updated_at = clean_end, now
        event.save(update_fields=["end", "updated_at"])
        audit_record(
            action="volatility.event_ended",
            obj=event,
            actor=actor,
            before={"end": None},
            after={"end": clean_end.isoformat()},
        )
    return event
