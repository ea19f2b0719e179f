"""`{% load risk %}`: the risk banner of a case (the ticket page, the chat console's side panel).

Every fact of the newest assessment with its source and time, heaviest first, and what could not be
checked; a high risk adds the script agents follow. Contact data and IP addresses are masked for every
viewer, partner agents included: the banner never needs them in clear.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from approvals.models import RiskLevel
from approvals.risk import LABELS, facts_in_order, masked, risk_newest
from tickets.models import Ticket

register = template.Library()

SOURCES: dict[str, Any] = {
    "exchange": _("Exchange"),
    "contact": _("Contact"),
    "text": _("Message"),
}


def banner_context(ticket: Ticket) -> dict[str, Any]:
    assessment = risk_newest(ticket)
    if assessment is None:
        return {"assessment": None}
    facts = [
        {
            "source": f.get("source", ""),
            "source_label": SOURCES.get(str(f.get("source")), f.get("source", "")),
            "code": f.get("code", ""),
            "label": LABELS.get(str(f.get("code")), f.get("label", "")),
            "detail": masked(str(f.get("detail") or "")),
            "weight": f.get("weight", 0),
            "at": f.get("at"),
        }
        for f in facts_in_order(assessment.facts or [])
    ]
    return {
        "assessment": assessment,
        "facts": facts,
        "gaps": [masked(str(g)) for g in assessment.gaps or []],
        "high": assessment.level == RiskLevel.HIGH,
    }


@register.simple_tag(takes_context=True)
def risk_banner(context: template.Context, ticket: Ticket) -> SafeString:
    """One statement: the newest assessment of the case."""
    return render_to_string(
        "approvals/risk_banner.html", banner_context(ticket), request=context.get("request")
    )
