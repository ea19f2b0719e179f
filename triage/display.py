"""A ticket's triage as one viewer reads it: the panel, its fragment and the JSON API all use this.

Masking is decided once here (triage.access): for a partner agent every address and memo in the mentions,
the facts, the evidence lines and the reply is shortened, and addresses get no explorer link.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket
from triage.access import chain_data_masked, mask_chain_value
from triage.chains import explorer_url
from triage.diagnose.cases import Code
from triage.models import Mention, MentionKind, TicketTriage, TriageState
from triage.replies import reply_for
from triage.services import STALLED_AFTER, teams_by_skill

TITLES = {
    Code.CREDITED: _("Credited: nothing wrong"),
    Code.NOT_FOUND: _("Not found anywhere: check the hash and the network"),
    Code.AWAITING_CONFIRMATIONS: _("Not credited yet: waiting for confirmations"),
    Code.DEPOSITS_SUSPENDED: _("Confirmed, not credited: deposits suspended on the network"),
    Code.BELOW_MINIMUM: _("Confirmed, not credited: below the minimum deposit"),
    Code.NOT_CREDITED: _("Confirmed on chain but not credited"),
    Code.WRONG_NETWORK: _("Sent over another network than the address was issued for"),
    Code.UNSUPPORTED_TOKEN: _("Unsupported token or contract"),
    Code.MEMO_MISSING: _("Memo or tag missing"),
    Code.MEMO_WRONG: _("Wrong memo or tag"),
    Code.WITHDRAWAL_QUEUED: _("Withdrawal still in the exchange's queue"),
    Code.WITHDRAWAL_REVIEW: _("Withdrawal held for review"),
    Code.WITHDRAWAL_BROADCAST: _("Withdrawal broadcast, confirming"),
    Code.WITHDRAWAL_CONFIRMED: _("Withdrawal confirmed on chain: the destination credits it"),
    Code.WITHDRAWAL_FAILED: _("Withdrawal failed or rejected"),
    Code.FAILED_ON_CHAIN: _("Transaction failed on chain"),
    Code.STUCK_LOW_FEE: _("Stuck: fee below the current base fee"),
    Code.SENT_TO_CONTRACT: _("Sent to a contract address"),
    Code.NOT_OUR_ADDRESS: _("Sent to an address that is not the customer's deposit address"),
}
# Facts older than this are labelled stale on the panel (the look-up reruns with the next message).
STALE_AFTER = dt.timedelta(minutes=30)
_ADDRESS_KEYS = ("address", "from_address", "to_address", "memo")


class _Masker:
    """Replaces every address and memo it was told of, wherever it appears in a text."""

    def __init__(self, values: Iterable[str], *, enabled: bool) -> None:
        self.enabled = enabled
        found = sorted({v for v in values if v and len(v) > 3}, key=len, reverse=True) if enabled else []
        self.pattern = re.compile("|".join(re.escape(v) for v in found), re.IGNORECASE) if found else None

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: mask_chain_value(m.group(0)), value)

    def facts(self, value: Any) -> Any:
        if not self.enabled:
            return value
        return self._facts(value)

    def _field(self, key: str, value: Any) -> Any:
        if key in _ADDRESS_KEYS and isinstance(value, str) and value:
            return mask_chain_value(value)
        return self._facts(value)

    def _facts(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    mask_chain_value(v) if k in _ADDRESS_KEYS and isinstance(v, str) and v else self._facts(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._facts(v) for v in value]
        return value


def _values_in(facts: Any) -> Iterable[str]:
    if isinstance(facts, dict):
        for key, value in facts.items():
            if key in _ADDRESS_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _values_in(value)
    elif isinstance(facts, list):
        for value in facts:
            yield from _values_in(value)


def _link(network: str, kind: str, value: str) -> str:
    if not network:
        return ""
    try:
        return explorer_url(network, "tx" if kind == MentionKind.TX_HASH else "address", value)
    except (KeyError, ValueError):
        return ""


def triage_view(ticket: Ticket, user: Any, *, triage: TicketTriage | None = None) -> dict[str, Any]:
    """Everything the panel and the API show, as plain data (JSON-ready)."""
    if triage is None:
        triage = TicketTriage.objects.filter(ticket=ticket).first()
    mentions = list(Mention.objects.filter(ticket=ticket).order_by("entry_id", "source", "start", "id"))
    facts: dict[str, Any] = dict(triage.facts) if triage else {}
    # Whether this viewer sees addresses masked is asked only when there is something to mask.
    masked = bool(mentions or facts) and chain_data_masked(user)
    secret = [m.value for m in mentions if m.kind in (MentionKind.ADDRESS, MentionKind.MEMO)]
    masker = _Masker([*secret, *_values_in(facts)], enabled=masked)

    shown_mentions, seen = [], set()
    for m in mentions:
        key = (m.kind, m.value, m.network)
        if key in seen:
            continue
        seen.add(key)
        hidden = masked and m.kind in (MentionKind.ADDRESS, MentionKind.MEMO)
        link = ""
        if m.kind in (MentionKind.TX_HASH, MentionKind.ADDRESS) and not hidden:
            link = _link(m.network, m.kind, m.value)
        shown_mentions.append(
            {
                "kind": m.kind,
                "kind_label": str(m.get_kind_display()),
                "value": mask_chain_value(m.value) if hidden else m.value,
                "network": m.network,
                "asset": m.asset,
                "source": m.source,
                "explorer_url": link,
            }
        )

    lookups = []
    for lookup in facts.get("lookups", []):
        value = str(lookup.get("value", ""))
        hidden = masked and lookup.get("kind") == MentionKind.ADDRESS
        network = str(lookup.get("network") or "")
        chain = dict(lookup.get("chain") or {})
        tx = chain.get("tx") or {}
        if hidden:
            link = ""
        elif tx.get("explorer_url"):
            link = str(tx["explorer_url"])
        else:
            link = _link(network, str(lookup.get("kind")), value)
        lookups.append(
            {
                "kind": lookup.get("kind", ""),
                "value": mask_chain_value(value) if hidden else value,
                "network": network,
                "explorer_url": link,
                "exchange": masker.facts(lookup.get("exchange") or {})
                if masked
                else lookup.get("exchange") or {},
                "chain": masker.facts(chain) if masked else chain,
            }
        )

    diagnoses = list(triage.diagnoses) if triage else []
    teams = teams_by_skill([str(d.get("skill", "")) for d in diagnoses])
    shown_diagnoses = []
    for d in diagnoses:
        code = str(d.get("code", ""))
        text, language = reply_for(code, ticket.language, d.get("params") or {})
        team = teams.get(str(d.get("skill", "")))
        shown_diagnoses.append(
            {
                "code": code,
                "title": str(TITLES.get(code, code)),
                "severity": d.get("severity", "problem"),
                "subject": masker.text(str(d.get("subject", ""))),
                "evidence": [masker.text(str(line)) for line in d.get("evidence", [])],
                "skill": d.get("skill", ""),
                "team": {"name": team.name, "slug": team.slug} if team else None,
                "reply": {"language": language, "text": masker.text(text)},
            }
        )

    looked_up_at = triage.looked_up_at if triage else None
    now = timezone.now()
    stale = bool(looked_up_at and now - looked_up_at > STALE_AFTER)
    slow = bool(triage and triage.state == TriageState.PENDING and now - triage.requested_at > STALLED_AFTER)
    return {
        "ticket": ticket.pk,
        "state": triage.state if triage else "none",
        "state_label": str(triage.get_state_display()) if triage else str(_("Nothing to look up")),
        "pending": bool(triage and triage.state == TriageState.PENDING),
        "masked": masked,
        "mentions": shown_mentions,
        "lookups": lookups,
        "exchange": masker.facts(facts.get("exchange") or {}),
        "diagnoses": shown_diagnoses,
        "errors": [
            {
                "source": str(e.get("source", "")),
                "message": masker.text(str(e.get("message", ""))),
                "stale": bool(e.get("stale")),
            }
            for e in (triage.errors if triage else [])
        ],
        "looked_up_at": looked_up_at.isoformat() if looked_up_at else None,
        "updated_at": triage.updated_at.isoformat() if triage else None,
        "stale": stale,
        "slow": slow,
        "retry_at": triage.retry_at if triage and triage.state != TriageState.PENDING else None,
        "poll_seconds": int(getattr(settings, "TRIAGE_PANEL_POLL_SECONDS", 2)),
    }
