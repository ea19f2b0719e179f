"""How likely a case is an account-takeover attempt: facts from the exchange's security events, from how
the customer reached us, and from their words, added up to a score and a level (docs/security.md,
"Risk assessment", lists every signal and weight).

`risk_facts_gather` reads (the exchange over HTTP, the ticket's messages); `risk_score` and
`critical_facts` are pure; `risk_assess` stores one assessment. It calls the exchange, so it runs in
the worker (the intake step queues it after commit) or where an agent asks for a high-risk action; never
in a socket or the request that took a customer's message in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from approvals.models import RiskAssessment, RiskLevel
from approvals.risk_text import TextHit, claims_an_account, text_signals
from assistant.models import Assessment
from audit.services import audit_record
from customers.models import AccountFlag, Customer, mask_addresses_in
from exchange.client import exchange_client
from exchange.types import AccountState, Fetched, SecurityEvent
from livechat.identity import ANONYMOUS_PREFIX
from livechat.models import Conversation
from tickets.models import BodyFormat, Channel, EntryKind, Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

Source = Literal["exchange", "contact", "text"]

# The level's lower bounds: low < MEDIUM <= medium < HIGH <= high. A critical fact weighs HIGH alone.
MEDIUM = 30
HIGH = 60
# The exchange's security events count fully this recently, less up to STALE_WINDOW, not at all after.
RECENT_WINDOW = dt.timedelta(hours=72)
STALE_WINDOW = dt.timedelta(days=14)
# An assessment identical to the newest one made this recently is not stored again.
REUSE_WITHIN = dt.timedelta(minutes=1)
# The customer's messages read for text signals (the newest ones).
MESSAGES_READ = 30

# code -> (weight, label). Exchange events carry two weights: within RECENT_WINDOW, within STALE_WINDOW.
EVENT_WEIGHTS: dict[str, tuple[int, int]] = {
    "2fa_changed": (35, 15),
    "email_changed": (35, 15),
    "password_changed": (20, 8),
    "new_device": (15, 5),
    "new_ip": (10, 4),
    "new_country": (20, 8),
    "api_key_created": (15, 5),
}
WEIGHTS: dict[str, int] = {
    # exchange: the account's state
    "suspected_compromise": 30,
    "withdrawals_locked": 5,
    # contact
    "sender_mismatch": 25,
    "unverified_chat_claims_account": 20,
    "language_mismatch": 10,
    # text
    "claims_staff": 60,
    "secret_pasted": 35,
    "safe_wallet": 35,
    "remote_access": 30,
    "claims_authority": 25,
    "bypass_check": 25,
    "seed_phrase": 25,
    "secret_shared": 25,
    "acting_for_owner": 20,
    "contact_change": 20,
    "asks_2fa_reset": 15,
    "pressure": 15,
    "transfer_requested": 15,
    "urgency": 10,
    "threat": 10,
    "asks_withdrawal_unlock": 10,
    "asks_limit_raise": 10,
    "asks_api_key_revoke": 5,
    # critical combinations: each alone makes the case high
    "critical_remote_access_and_funds": HIGH,
    "critical_recent_change_and_ask": HIGH,
}
LABELS: dict[str, Any] = {
    "2fa_changed": _("Two-factor authentication was changed or reset"),
    "email_changed": _("The account's email was changed"),
    "password_changed": _("The password was changed"),
    "new_device": _("A sign-in from a new device"),
    "new_ip": _("A sign-in from a new IP address"),
    "new_country": _("A sign-in from a country other than the account's"),
    "api_key_created": _("An API key was created"),
    "suspected_compromise": _("The exchange flags the account as possibly compromised"),
    "withdrawals_locked": _("Withdrawals are locked on the exchange"),
    "sender_mismatch": _("The email came from an address other than the account's"),
    "unverified_chat_claims_account": _("An anonymous chat visitor claims to be an account holder"),
    "language_mismatch": _("The message is written in a language other than the account's"),
    "claims_staff": _("Someone claims to be the exchange's staff"),
    "secret_pasted": _("A seed phrase, private key, code or password was pasted (and redacted)"),
    "safe_wallet": _("A 'safe wallet' or 'secure account' transfer"),
    "remote_access": _("A remote-access or screen-sharing tool is mentioned"),
    "claims_authority": _("The writer claims to be police, a regulator, a lawyer or a relative"),
    "bypass_check": _("Asks to skip a verification, a check or a hold"),
    "seed_phrase": _("A seed phrase or private key is mentioned"),
    "secret_shared": _("A code, password or seed phrase was asked for or given"),
    "acting_for_owner": _("Writes for someone else's account"),
    "contact_change": _("Asks to change the account's email or phone"),
    "asks_2fa_reset": _("Asks to reset or remove two-factor authentication"),
    "pressure": _("Pressure to act at once, or else"),
    "transfer_requested": _("Someone asked the customer to send or move funds"),
    "urgency": _("Urgency"),
    "threat": _("Threats"),
    "asks_withdrawal_unlock": _("Asks to unlock withdrawals"),
    "asks_limit_raise": _("Asks to raise a limit"),
    "asks_api_key_revoke": _("Asks to revoke API keys"),
    "critical_remote_access_and_funds": _("A remote-access tool together with moving funds or a seed phrase"),
    "critical_recent_change_and_ask": _(
        "2FA or the email changed in the last 72 hours, and now a request to change the email or reset 2FA"
    ),
}

_IPV4 = re.compile(r"\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b")
_IPV6 = re.compile(r"\b([0-9a-f]{1,4}:[0-9a-f]{1,4}):[0-9a-f:]{2,}\b", re.IGNORECASE)
# The country at the end of an event's detail: "... (Lagos, NG)", "... Dubai, AE".
_COUNTRY = re.compile(r",\s*([A-Z]{2})\)?\s*$")


def mask_ips(text: str) -> str:
    """IP addresses shown as their network only ("102.89.•.•"), as contact data is masked."""
    text = _IPV4.sub(lambda m: f"{m.group(1)}.{m.group(2)}.•.•", text)
    return _IPV6.sub(lambda m: f"{m.group(1)}:•", text)


def masked(text: str) -> str:
    return mask_ips(mask_addresses_in(text))


@dataclass(frozen=True)
class Fact:
    source: Source
    code: str
    detail: str
    weight: int
    at: dt.datetime | None = None

    @property
    def label(self) -> str:
        return str(LABELS.get(self.code, self.code))

    def as_json(self) -> dict[str, Any]:
        with translation.override("en"):
            label = self.label
        return {
            "source": self.source,
            "code": self.code,
            "label": label,
            "detail": masked(self.detail)[:300],
            "weight": self.weight,
            "at": self.at.isoformat() if self.at else None,
        }


def fact(source: Source, code: str, detail: str = "", *, at: dt.datetime | None = None) -> Fact:
    return Fact(source, code, detail, WEIGHTS[code], at)


# --- Pure scoring ---------------------------------------------------------------------------------------


def risk_level(score: int) -> str:
    if score >= HIGH:
        return RiskLevel.HIGH
    if score >= MEDIUM:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def risk_score(facts: Iterable[Fact | dict[str, Any]]) -> tuple[int, str]:
    """The score (the weights added up, at most 100) and its level."""
    total = sum(int(f.weight if isinstance(f, Fact) else f.get("weight", 0)) for f in facts)
    score = max(0, min(100, total))
    return score, risk_level(score)


def critical_facts(facts: Sequence[Fact]) -> list[Fact]:
    """The combinations that make a case high on their own, as facts of their own (with what made them)."""
    codes = {f.code for f in facts}
    out = []
    funds = codes & {"transfer_requested", "safe_wallet", "seed_phrase", "secret_shared", "secret_pasted"}
    if "remote_access" in codes and funds:
        out.append(
            fact("text", "critical_remote_access_and_funds", "remote_access + " + ", ".join(sorted(funds)))
        )
    recent = [
        f
        for f in facts
        if f.code in ("2fa_changed", "email_changed") and f.weight == EVENT_WEIGHTS[f.code][0]
    ]
    asks = codes & {"asks_2fa_reset", "contact_change"}
    if recent and asks:
        newest = max(recent, key=lambda f: f.at or dt.datetime.min.replace(tzinfo=dt.UTC))
        out.append(
            fact(
                "exchange",
                "critical_recent_change_and_ask",
                f"{', '.join(sorted({f.code for f in recent}))} + {', '.join(sorted(asks))}",
                at=newest.at,
            )
        )
    return out


def facts_in_order(facts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The explanation: heaviest first, then the newest; every fact, none left out."""
    return sorted(facts, key=lambda f: (-int(f.get("weight", 0)), -(_ts(f.get("at")))))


def _ts(value: Any) -> float:
    if not value:
        return 0.0
    try:
        return dt.datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return 0.0


def exchange_event_facts(
    events: Iterable[SecurityEvent], *, now: dt.datetime, region: str = ""
) -> list[Fact]:
    """The newest event of each kind within STALE_WINDOW, weighted by how recent it is; a sign-in from
    a country other than the customer's region counts once more, as `new_country`."""
    newest: dict[str, SecurityEvent] = {}
    for event in events:
        age = now - event.at
        if age > STALE_WINDOW or age < -RECENT_WINDOW:
            continue
        kind = str(event.kind)
        if kind in EVENT_WEIGHTS and (kind not in newest or event.at > newest[kind].at):
            newest[kind] = event
        country = _COUNTRY.search(event.detail or "")
        if (
            kind in ("new_ip", "new_device")
            and region
            and country
            and country.group(1) != region.upper()
            and ("new_country" not in newest or event.at > newest["new_country"].at)
        ):
            newest["new_country"] = event
    out = []
    for kind, event in newest.items():
        recent, stale = EVENT_WEIGHTS[kind]
        weight = recent if now - event.at <= RECENT_WINDOW else stale
        detail = event.detail or kind
        if kind == "new_country":
            detail = f"{detail} (account region {region.upper()})"
        out.append(Fact("exchange", kind, detail, weight, event.at))
    return out


def account_facts(account: AccountState) -> list[Fact]:
    out = []
    if AccountFlag.COMPROMISED.value in account.flags:
        out.append(fact("exchange", "suspected_compromise", "suspected_compromise"))
    if account.withdrawals_locked:
        out.append(fact("exchange", "withdrawals_locked", account.lock_reason or "withdrawals locked"))
    return out


def text_hit_facts(hits: Iterable[TextHit]) -> list[Fact]:
    return [fact("text", h.code, ", ".join(f'"{w}"' for w in h.words)) for h in hits if h.code in WEIGHTS]


# --- Reading the case -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gathered:
    facts: list[Fact]
    gaps: list[str]


def _is_anonymous(customer: Customer) -> bool:
    return customer.external_id.startswith(ANONYMOUS_PREFIX)


def _entry_text(entry: TimelineEntry) -> str:
    return strip_tags(entry.body) if entry.body_format == BodyFormat.HTML else entry.body


def _sender(entry: TimelineEntry) -> str:
    mail = (entry.data or {}).get("email")
    if not isinstance(mail, dict):
        return ""
    return parseaddr(str(mail.get("from") or ""))[1].strip().lower()


def _message_language(ticket: Ticket, text: str) -> str:
    """Tier 0's reading of the language when it has one; otherwise CLD2 (a table look-up, no model)."""
    read = (
        Assessment.objects.filter(ticket=ticket, language_confidence__gte=0.6)
        .exclude(language="")
        .order_by("-created_at", "-pk")
        .values_list("language", flat=True)
        .first()
    )
    if read:
        return read
    if len(text) < 40:
        return ""
    import pycld2

    try:
        reliable, _bytes, details = pycld2.detect(text)
    except pycld2.error:
        return ""
    code = str(details[0][1]) if details else "un"
    return code if reliable and code not in ("un", "xxx") else ""


def _primary(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


def contact_facts(ticket: Ticket, entries: Sequence[TimelineEntry], text: str) -> list[Fact]:
    customer = ticket.customer
    out = []
    account_email = (customer.email or "").strip().lower()
    if account_email:
        senders = []
        for entry in entries:
            sender = _sender(entry)
            if sender and sender != account_email and sender not in senders:
                senders.append(sender)
        if senders:
            first = next((e for e in entries if _sender(e) in senders), None)
            out.append(
                fact(
                    "contact",
                    "sender_mismatch",
                    f"{', '.join(senders[:3])} (account: {account_email})",
                    at=first.created_at if first else None,
                )
            )
    anonymous = _is_anonymous(customer)
    if ticket.channel == Channel.CHAT:
        verified = Conversation.objects.filter(ticket=ticket).values_list("is_verified", flat=True).first()
        if (anonymous or verified is False) and claims_an_account(text):
            out.append(fact("contact", "unverified_chat_claims_account", "no signed widget identity"))
    if not anonymous and customer.language:
        language = _message_language(ticket, text)
        if language and _primary(language) != _primary(customer.language):
            out.append(
                fact("contact", "language_mismatch", f"message: {language}, account: {customer.language}")
            )
    return out


def _exchange_read(customer: Customer, now: dt.datetime) -> Gathered:
    if _is_anonymous(customer) or not customer.external_id:
        return Gathered([], [str(_("An anonymous visitor: no exchange account to read security events of."))])
    client = exchange_client()
    facts: list[Fact] = []
    gaps: list[str] = []
    events: Fetched[tuple[SecurityEvent, ...]] = client.security_events(customer.external_id, limit=50)
    if events.value is None:
        gaps.append(f"security events could not be read: {events.error or 'no answer'}")
    else:
        if events.stale:
            gaps.append(f"security events are {events.age_seconds} s old: {events.error}")
        facts.extend(exchange_event_facts(events.value, now=now, region=customer.region))
    account = client.account(customer.external_id)
    if account.value is None:
        gaps.append(f"the account's state could not be read: {account.error or 'no answer'}")
    else:
        facts.extend(account_facts(account.value))
    return Gathered(facts, gaps)


def risk_facts_gather(*, ticket: Ticket, now: dt.datetime) -> Gathered:
    """Every fact about the case, and what could not be checked. Reads the exchange: not in a request."""
    rows = list(
        TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.CUSTOMER_MESSAGE)
        .select_related(None)
        .order_by("-created_at", "-pk")[:MESSAGES_READ]
    )
    rows.reverse()
    pasted = list(
        TimelineEntry.objects.filter(
            ticket=ticket, kind=EntryKind.SYSTEM_EVENT, data__event="secret_redacted"
        ).order_by("created_at", "pk")
    )
    text = "\n".join(_entry_text(e) for e in rows)
    facts = text_hit_facts(text_signals(text))
    if pasted:
        kinds = sorted({str(k) for e in pasted for k in _as_list((e.data or {}).get("kinds"))})
        facts.append(
            fact(
                "text",
                "secret_pasted",
                f"{len(pasted)} time(s)" + (f": {', '.join(kinds)}" if kinds else ""),
                at=pasted[-1].created_at,
            )
        )
    facts.extend(contact_facts(ticket, rows, text))
    read = _exchange_read(ticket.customer, now)
    facts.extend(read.facts)
    facts.extend(critical_facts(facts))
    return Gathered(facts, read.gaps)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    return [value] if value else []


# --- The service ----------------------------------------------------------------------------------------


def _same(assessment: RiskAssessment, facts: list[dict[str, Any]], gaps: list[str]) -> bool:
    def key(items: Iterable[dict[str, Any]]) -> list[tuple[str, str, int]]:
        return sorted((str(f.get("code")), str(f.get("detail")), int(f.get("weight", 0))) for f in items)

    return key(assessment.facts) == key(facts) and list(assessment.gaps) == gaps


def risk_assess(*, ticket: Ticket, trigger: str, now: dt.datetime | None = None) -> RiskAssessment:
    """Assess the case and store the assessment. Writes the timeline event `risk_assessed` only when
    the level differs from the previous assessment's (a first assessment counts as after a low one),
    and an audit record when it is high. An assessment identical to the newest one made within a
    minute is returned instead of stored again (two triggers for one message)."""
    now = now or timezone.now()
    gathered = risk_facts_gather(ticket=ticket, now=now)
    facts = facts_in_order(f.as_json() for f in gathered.facts)
    gaps = [masked(g)[:300] for g in gathered.gaps]
    score, level = risk_score(facts)
    with transaction.atomic():
        Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("pk", flat=True).first()
        previous = RiskAssessment.objects.filter(ticket=ticket).order_by("-created_at", "-pk").first()
        if (
            previous is not None
            and now - previous.created_at <= REUSE_WITHIN
            and _same(previous, facts, gaps)
        ):
            return previous
        assessment = RiskAssessment.objects.create(
            ticket=ticket, trigger=trigger, level=level, score=score, facts=facts, gaps=gaps, created_at=now
        )
        before = previous.level if previous is not None else RiskLevel.LOW
        if level != before:
            timeline_event_add(
                ticket,
                "risk_assessed",
                level=level,
                previous=before,
                score=score,
                facts=[f["code"] for f in facts],
                assessment=assessment.pk,
            )
        if level == RiskLevel.HIGH:
            audit_record(
                action="risk.assessed_high",
                obj=assessment,
                actor_label="system:risk",
                after={
                    "ticket": ticket.pk,
                    "trigger": trigger,
                    "score": score,
                    "facts": [f["code"] for f in facts],
                    "gaps": len(gaps),
                },
            )
    return assessment


def risk_newest(ticket: Ticket) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(ticket=ticket).order_by("-created_at", "-pk").first()
