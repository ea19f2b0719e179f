"""What the tier-0 settings page reports: each intent's calibrated threshold and precision (from the
engine's calibration file), how tier 0 did on live messages per intent, answered against handed off
per day, and the knowledge-base articles each answerable intent answers with.

The calibration figures are measured offline on the half of the evaluation set the thresholds were
not fitted on; the live figures are counts of what customers and agents did, not a precision.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from assistant.models import Assessment, AssessmentState, DecisionKind, Example, Outcome
from assistant.taxonomy import INTENTS, Intent
from helpdesk.charts import BarSpec, Chart, Layout, bar_chart
from helpdesk.dates import format_day
from knowledgebase.models import Article

logger = logging.getLogger(__name__)

# Written by `manage.py tier0_train` next to the model it describes.
CALIBRATION_FILE = Path(__file__).resolve().parent / "model" / "calibration.json"
PERIODS = (7, 30)
LAYOUT = Layout(label_width=90, bar_space=420, bar_height=11, bar_gap=2, row_gap=6)


@dataclass(frozen=True)
class Calibration:
    found: bool
    trained_on: dict[str, Any] = field(default_factory=dict)
    overall: dict[str, Any] = field(default_factory=dict)
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str = ""

    @property
    def overall_items(self) -> list[tuple[str, str]]:
        return _readable(self.overall)

    @property
    def trained_on_items(self) -> list[tuple[str, str]]:
        return _readable(self.trained_on)


def _readable(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for the page: shares as percentages, counts as they are, short text as it is;
    digests and nested data are for the file, not the page."""
    shown = []
    for key, value in figures.items():
        label = str(key).replace("_", " ")
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, float) and 0.0 <= value <= 1.0:
            shown.append((label, f"{value * 100:.1f}%"))
        elif isinstance(value, int | float):
            shown.append((label, f"{value:g}"))
        elif isinstance(value, str) and len(value) <= 40:
            shown.append((label, value))
    return shown


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def calibration(path: Path | None = None) -> Calibration:
    """The engine's calibration report, or what is wrong with it (missing, unreadable)."""
    path = path or CALIBRATION_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Calibration(found=False, problem="missing")
    except (OSError, ValueError) as exc:
        logger.warning("tier-0 calibration file %s is unreadable: %s", path, exc)
        return Calibration(found=False, problem="unreadable")
    if not isinstance(raw, dict):
        return Calibration(found=False, problem="unreadable")
    intents: dict[str, dict[str, Any]] = {}
    for name, figures in (raw.get("intents") or {}).items():
        if isinstance(figures, dict):
            intents[str(name)] = {
                key: _number(figures.get(key)) for key in ("threshold", "precision", "answered", "support")
            }
    trained_on = raw.get("trained_on")
    overall = raw.get("overall")
    return Calibration(
        found=True,
        trained_on=trained_on if isinstance(trained_on, dict) else {},
        overall=overall if isinstance(overall, dict) else {},
        intents=intents,
    )


@dataclass(frozen=True)
class IntentRow:
    intent: Intent
    calibrated: dict[str, Any]
    read: int = 0
    answered: int = 0
    solved: int = 0
    came_back: int = 0
    person: int = 0
    corrected: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.intent.name.replace("_", " ")


def live_figures(*, since: dt.datetime) -> dict[str, dict[str, int]]:
    """Per intent tier 0 read since `since`: read, answered, solved, came back, asked for a person,
    corrected by an agent. One aggregate query."""
    counts = {
        # Prefixed: `answered` is already a property of Assessment.
        "n_read": Count("id"),
        "n_answered": Count("id", filter=Q(decision=DecisionKind.ANSWER)),
        "n_solved": Count("id", filter=Q(outcome=Outcome.SOLVED)),
        "n_came_back": Count("id", filter=Q(outcome=Outcome.CAME_BACK)),
        "n_person": Count("id", filter=Q(outcome=Outcome.PERSON)),
        "n_corrected": Count("id", filter=~Q(corrected_intent="")),
    }
    rows: Any = (
        Assessment.objects.filter(state=AssessmentState.DONE, created_at__gte=since)
        .values("intent")
        .annotate(**counts)
        .order_by()
    )
    return {str(r["intent"]): {k.removeprefix("n_"): int(r[k]) for k in counts} for r in rows}


def intent_articles() -> dict[str, tuple[str, ...]]:
    from assistant.answers import INTENT_ARTICLES

    return {str(k): tuple(v) for k, v in INTENT_ARTICLES.items()}


def _articles_by_slug(slugs: set[str]) -> dict[str, int]:
    if not slugs:
        return {}
    return dict(Article.objects.filter(slug__in=sorted(slugs)).values_list("slug", "pk"))


def intent_rows(*, since: dt.datetime, calibrated: Calibration) -> list[IntentRow]:
    """Every intent of the taxonomy in its order, with its calibration, live figures and articles."""
    live = live_figures(since=since)
    answers = intent_articles()
    known = _articles_by_slug({slug for slugs in answers.values() for slug in slugs})
    rows = []
    for name, intent in INTENTS.items():
        articles = [
            {"slug": slug, "article_id": known.get(slug)}
            for slug in answers.get(name, ())
            if intent.answerable
        ]
        rows.append(
            IntentRow(
                intent=intent,
                calibrated=calibrated.intents.get(name, {}),
                articles=articles,
                **live.get(name, {}),
            )
        )
    return rows


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    answered: int
    handoff: int


def decisions_by_day(*, since: dt.datetime) -> list[DayRow]:
    rows: Any = (
        Assessment.objects.filter(state=AssessmentState.DONE, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            n_answered=Count("id", filter=Q(decision=DecisionKind.ANSWER)),
            n_handoff=Count("id", filter=Q(decision=DecisionKind.HANDOFF)),
        )
        .order_by("day")
    )
    return [DayRow(day=r["day"], answered=r["n_answered"], handoff=r["n_handoff"]) for r in rows]


def decisions_chart(days: list[DayRow]) -> Chart:
    """Bars per day: messages tier 0 answered, and those it handed to a person."""
    top = max((max(d.answered, d.handoff) for d in days), default=0) or 1
    rows = [
        (
            format_day(d.day),
            [
                BarSpec(key="answered", fraction=d.answered / top, text=str(d.answered)),
                BarSpec(key="handoff", fraction=d.handoff / top, text=str(d.handoff)),
            ],
        )
        for d in days
    ]
    return bar_chart(rows, LAYOUT)


def period_since(days: int, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=days)


def examples_by_intent() -> list[dict[str, Any]]:
    """How many corrections the bank holds per intent, most first. One query."""
    rows = Example.objects.values("intent").annotate(n=Count("id")).order_by("-n", "intent")
    return [{"intent": r["intent"], "label": str(r["intent"]).replace("_", " "), "n": r["n"]} for r in rows]
