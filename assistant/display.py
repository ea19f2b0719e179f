"""A ticket's tier-0 assessments as one viewer reads them: the ticket panel and the JSON API use this.

Masking is decided once here (assistant.access): for a partner agent every address and memo tier 0
found (its mentions, the exchange's facts) is shortened wherever it appears, the reply included, as
the triage panel does. Transaction hashes stay whole. The customer's message itself is not repeated:
it is on the timeline, as that viewer may read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf.locale import LANG_INFO
from django.urls import reverse

from assistant.access import tier0_masked
from assistant.models import Assessment, AssessmentState, DecisionKind, Outcome
from assistant.phrases import kb_language
from assistant.taxonomy import GROUPS, INTENTS
from tickets.models import Ticket
from triage.access import mask_chain_value

# The panel keeps to the newest few: a case with more messages than this is read on the timeline.
PANEL_LIMIT = 10
_ADDRESS_KEYS = frozenset({"address", "from_address", "to_address", "memo", "destination", "tag"})


def language_label(code: str) -> str:
    """ "pt" -> "Portuguese": the engine reads about a hundred languages, more than the site offers."""
    return str(LANG_INFO.get(code, {}).get("name", code)) if code else ""


def intent_label(name: str) -> str:
    return name.replace("_", " ")


def intent_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The taxonomy's intents grouped as the correction's select shows them."""
    grouped: dict[str, list[tuple[str, str]]] = {group: [] for group in GROUPS}
    for intent in INTENTS.values():
        grouped[intent.group].append((intent.name, intent_label(intent.name)))
    return [(intent_label(group), items) for group, items in grouped.items()]


class _Masker:
    """Shortens every address and memo it was told of, in any text or fact."""

    def __init__(self, values: Iterable[str], *, enabled: bool) -> None:
        found = sorted({v for v in values if v and len(v) > 3}, key=len, reverse=True) if enabled else []
        self.enabled = enabled
        self.pattern = re.compile("|".join(re.escape(v) for v in found)) if found else None

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: mask_chain_value(m.group(0)), value)

    def fact(self, key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.fact(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fact(key, v) for v in value]
        if isinstance(value, str):
            if self.enabled and key in _ADDRESS_KEYS and value:
                return mask_chain_value(value)
            return self.text(value)
        return value


def _secret_values(assessment: Assessment) -> Iterable[str]:
    for mention in assessment.mentions or []:
        if str(mention.get("kind", "")).endswith("_address"):
            yield str(mention.get("value", ""))
    yield from _fact_values(assessment.facts)


def _fact_values(facts: Any) -> Iterable[str]:
    if isinstance(facts, dict):
        for key, value in facts.items():
            if key in _ADDRESS_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _fact_values(value)
    elif isinstance(facts, list):
        for value in facts:
            yield from _fact_values(value)


def _fact_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fact_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_fact_text(v) for v in value)
    return "—" if value is None or value == "" else str(value)


def _article_url(slug: str, language: str) -> str:
    if not slug:
        return ""
    return reverse("help:article", kwargs={"language": kb_language(language) or "en", "slug": slug})


def assessment_view(assessment: Assessment, *, masked: bool) -> dict[str, Any]:
    """One assessment as plain data (JSON-ready but for the datetimes)."""
    masker = _Masker(_secret_values(assessment), enabled=masked)
    intent = INTENTS.get(assessment.intent)
    corrected = INTENTS.get(assessment.corrected_intent)
    scores = [
        {"intent": str(name), "label": intent_label(str(name)), "score": float(p)}
        for name, p in (assessment.scores or [])[:3]
    ]
    mentions = [
        {
            "kind": str(m.get("kind", "")),
            "value": masker.fact(
                "address" if str(m.get("kind", "")).endswith("_address") else "value", m.get("value", "")
            ),
        }
        for m in assessment.mentions or []
    ]
    facts = masker.fact("", dict(assessment.facts or {}))
    threshold = max(min(assessment.threshold, 1.0), 0.0)
    confidence = max(min(assessment.confidence, 1.0), 0.0)
    return {
        "id": assessment.pk,
        "ticket": assessment.ticket_id,
        "state": assessment.state,
        "state_label": str(AssessmentState(assessment.state).label),
        "first": assessment.first,
        "created_at": assessment.created_at,
        "read_at": assessment.read_at,
        "language": assessment.language,
        "language_label": language_label(assessment.language),
        "intent": assessment.intent,
        "intent_label": intent_label(assessment.intent),
        "group": intent.group if intent else "",
        "group_label": intent_label(intent.group) if intent else "",
        "corrected_intent": assessment.corrected_intent,
        "corrected_intent_label": intent_label(assessment.corrected_intent),
        "corrected_group": corrected.group if corrected else "",
        "corrected_by": assessment.corrected_by.display_name if assessment.corrected_by else "",
        "corrected_at": assessment.corrected_at,
        "confidence": round(assessment.confidence, 4),
        "threshold": round(assessment.threshold, 4),
        "confident": assessment.confidence >= assessment.threshold,
        # For the panel's bar, 0..100 of its width.
        "confidence_percent": round(confidence * 100, 1),
        "threshold_percent": round(threshold * 100, 1),
        "scores": scores,
        "specialty": assessment.specialty,
        "priority": assessment.priority,
        "distress": assessment.distress,
        "social_engineering_risk": assessment.social_engineering_risk,
        "reasons": [masker.text(str(r)) for r in assessment.reasons or []],
        "mentions": mentions,
        "decision": assessment.decision,
        "decision_label": str(DecisionKind(assessment.decision).label) if assessment.decision else "",
        "why": masker.text(assessment.why),
        "article": assessment.article,
        "article_url": _article_url(assessment.article, assessment.language),
        "facts": facts,
        "fact_rows": [(str(key).replace("_", " "), _fact_text(value)) for key, value in facts.items()],
        "reply": masker.text(assessment.reply),
        "outcome": assessment.outcome,
        "outcome_label": str(Outcome(assessment.outcome).label) if assessment.outcome else "",
        "outcome_at": assessment.outcome_at,
        "correctable": assessment.state == AssessmentState.DONE and assessment.entry_id is not None,
        "masked": masked,
    }


def assessments_for(ticket: Ticket, *, limit: int = PANEL_LIMIT) -> list[Assessment]:
    """The ticket's assessments, newest first, in one query."""
    return list(
        Assessment.objects.filter(ticket_id=ticket.pk).select_related("corrected_by").order_by("-id")[:limit]
    )


def assessments_view(ticket: Ticket, user: Any, *, limit: int = PANEL_LIMIT) -> list[dict[str, Any]]:
    found = assessments_for(ticket, limit=limit)
    # Whether this viewer sees addresses masked is asked only when there is something to mask.
    masked = any(a.mentions or a.facts for a in found) and tier0_masked(user)
    return [assessment_view(a, masked=masked) for a in found]
