"""From the classifier's reading and the marker rules to the taxonomy's flags, specialty and priority
(docs/tier0-taxonomy.md, "Labelling conventions"). Pure functions over plain data; every flag and every
raised priority carries a reason an agent can check against the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.engine import lexicon
from assistant.taxonomy import INTENTS

# The social-engineering rules that show the customer being worked right now, or someone acting for the
# owner: always enough. "Skip the check" and "do it now" alone also come from honest, impatient
# customers asking how verification works; they count unless the message is a plain how-to question.
_VICTIM_RULES = frozenset({"remote_access", "secret_asked_or_given", "safe_wallet", "transfer_requested"})
_WEAK_RULES = frozenset({"bypass_check", "pressure"})

MONEY_IN_TRANSIT = frozenset(
    {
        "withdrawal_pending",
        "deposit_not_credited",
        "deposit_wrong_network",
        "unsupported_token_deposit",
        "missing_memo_tag",
        "bridge_transfer_failed",
        "p2p_dispute",
    }
)
# Money stuck on its way that, with a panicking customer and a large amount, is urgent.
_STUCK = frozenset({"withdrawal_pending", "deposit_not_credited", "bridge_transfer_failed"})
_MONEY_TEAMS = frozenset({"wallets_onchain", "payments_fiat", "p2p"})

_AMOUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ ,.\u202f\u00a0]\d{3})+|\d+)(?:[.,](\d+))?\s*"
    r"(k\b|mil\b|тыс|тис|bin\b|rb\b|ribu|万|萬)?",
    re.IGNORECASE,
)
_BTC_LIKE = re.compile(r"\b(btc|bitcoin|eth|ether)\b", re.IGNORECASE)
LARGE_USD = 5000.0


def largest_amount(text: str) -> float:
    """The largest amount written, in rough dollars (BTC and ETH counted at a conservative price)."""
    best = 0.0
    scale_crypto = 20000.0 if _BTC_LIKE.search(text) else 1.0
    for match in _AMOUNT.finditer(text):
        whole = re.sub(r"[ ,.\u202f\u00a0]", "", match.group(1))
        try:
            value = float(whole + ("." + match.group(2) if match.group(2) else ""))
        except ValueError:
            continue
        unit = (match.group(3) or "").lower()
        if unit in {"k", "mil", "тыс", "тис", "bin", "rb", "ribu"}:
            value *= 1000
        elif unit in {"万", "萬"}:
            value *= 10000
        if len(whole) >= 9:  # a phone number, a case number or a block height
            continue
        if value < 100 and scale_crypto > 1:
            value *= scale_crypto
        best = max(best, value)
    return best


@dataclass
class Flags:
    distress: bool = False
    social_engineering_risk: bool = False
    victim: bool = False  # the customer is being worked by a social engineer now
    needs_account: bool = False
    fiat: bool = False
    over_7_days: bool = False
    reasons: list[str] = field(default_factory=list)


def flags(text: str, intent: str, probabilities: dict[str, float], thresholds: dict[str, float]) -> Flags:
    out = Flags()
    group = INTENTS[intent].group

    def classifier(flag: str) -> float | None:
        p = probabilities.get(flag)
        limit = thresholds.get(flag, 0.5)
        return p if p is not None and p >= limit else None

    # Social engineering.
    fired: list[tuple[str, str]] = [
        (r.name, reason) for r in lexicon.SOCIAL_ENGINEERING if (reason := r.find(text))
    ]
    strong = [reason for name, reason in fired if name not in _WEAK_RULES]
    weak = [reason for name, reason in fired if name in _WEAK_RULES]
    se_p = classifier("social_engineering_risk")
    if strong:
        out.reasons.extend(strong)
    if weak and (strong or group != "how_to" or se_p is not None):
        out.reasons.extend(weak)
    if se_p is not None:
        out.reasons.append(f"social-engineering classifier: {se_p:.2f}")
    out.social_engineering_risk = bool(strong or (weak and group != "how_to") or se_p is not None)
    # Urgent only on the words that show it happening; the classifier's suspicion alone does not raise it.
    out.victim = any(name in _VICTIM_RULES for name, _ in fired)

    # Distress.
    distress = lexicon.find(lexicon.DISTRESS, text)
    for extra in (lexicon.shouting(text), lexicon.exclamations(text)):
        if extra:
            distress.append(extra)
    d_p = classifier("distress")
    if d_p is not None:
        distress.append(f"distress classifier: {d_p:.2f}")
    out.distress = bool(distress)
    out.reasons.extend(distress)

    # What the intent alone does not settle.
    if group == "how_to":
        own = lexicon.find(lexicon.NEEDS_ACCOUNT, text)
        na_p = classifier("needs_account")
        if na_p is not None:
            own.append(f"own-data classifier: {na_p:.2f}")
        out.needs_account = bool(own)
        out.reasons.extend(own)
    if intent in ("withdrawal_pending", "complaint_repeat_followup"):
        fiat = lexicon.find(lexicon.FIAT, text)
        out.fiat = bool(fiat)
        if fiat and intent == "withdrawal_pending":
            out.reasons.extend(fiat)
    if intent == "complaint_repeat_followup":
        week = lexicon.find(lexicon.OVER_A_WEEK, text)
        counted = lexicon.days_over_a_week(text)
        if counted:
            week.append(counted)
        w_p = classifier("over_7_days")
        if w_p is not None:
            week.append(f"open-for-weeks classifier: {w_p:.2f}")
        out.over_7_days = bool(week)
        out.reasons.extend(week)
    return out


def underlying_intent(scores: list[tuple[str, float]]) -> str:
    """The best-scoring intent outside the complaint group: what a follow-up is about."""
    for name, _ in scores:
        if INTENTS[name].group != "complaint":
            return name
    return "unsupported_request"


def specialty(intent: str, found: Flags, scores: list[tuple[str, float]], *, confident: bool = True) -> str:
    if found.social_engineering_risk:
        return "account_security"
    if INTENTS[intent].team == "none" and not confident:
        # "Nothing for a person to do" is the reading of a confident off-topic message; a person is
        # getting this one, so it goes to the team of the best reading that has one.
        intent = next((name for name, _ in scores if INTENTS[name].team != "none"), "unsupported_request")
    if intent == "complaint_repeat_followup":
        if found.over_7_days:
            return "executive"
        under = underlying_intent(scores)
        if under == "withdrawal_pending" and found.fiat:
            return "payments_fiat"
        return INTENTS[under].team
    if intent == "withdrawal_pending" and found.fiat:
        return "payments_fiat"
    return INTENTS[intent].team


def priority(
    text: str, intent: str, found: Flags, scores: list[tuple[str, float]], team: str
) -> tuple[str, str]:
    """(priority, why)."""
    group = INTENTS[intent].group
    if intent == "account_hacked":
        return "urgent", "account taken over or about to be"
    if found.social_engineering_risk and found.victim:
        return "urgent", "credentials, codes, remote access or funds being handed to a scammer"
    if intent == "api_key_compromised":
        if lexicon.find(lexicon.READ_ONLY, text):
            return "normal", "a read-only key leaked"
        # A leaked key that can trade or withdraw is being (or about to be) misused.
        return "urgent", "an API key that can trade or withdraw leaked or is being misused"
    if intent in MONEY_IN_TRANSIT:
        if found.distress and intent in _STUCK and largest_amount(text) >= LARGE_USD:
            return "urgent", "a large amount stuck and the customer panicking"
        return "high", "money in transit"
    if intent in ("card_payment_failed", "trade_not_executed"):
        if lexicon.find(lexicon.DEBITED, text):
            return "high", "money debited without the result"
        if intent == "card_payment_failed" and not lexicon.find(lexicon.DECLINED, text):
            return "high", "a payment taken without the purchase credited"
        return "normal", "no money in transit"
    if intent in ("legal_threat", "regulator_complaint"):
        return "high", "a legal threat or a complaint to a regulator"
    if intent == "complaint_repeat_followup":
        if found.over_7_days or team in _MONEY_TEAMS or team == "executive":
            return "high", "a follow-up on money in transit or a case older than 7 days"
        return "normal", "a follow-up"
    if group in ("account_specific", "security"):
        return "normal", "an account issue with no money in transit"
    if group == "how_to":
        if found.needs_account or found.social_engineering_risk:
            return "normal", "a how-to question that needs the customer's account"
        return "low", "a how-to question"
    if found.social_engineering_risk:
        return "normal", "a request for someone else's data or access"
    return "low", "out of scope"
