"""The tier-0 triage taxonomy (docs/tier0-taxonomy.md): 39 intents in five groups, the specialty that
handles each by default, priorities, and the kinds of transaction mentions. Pure data; no Django.

The group decides what tier 0 may do: it answers only `how_to` and `out_of_scope` messages (and those
only above the intent's calibrated threshold, and never a social-engineering attempt); `account_specific`,
`security` and `complaint` always go to a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Group = Literal["how_to", "account_specific", "security", "complaint", "out_of_scope"]
Priority = Literal["low", "normal", "high", "urgent"]

GROUPS: tuple[Group, ...] = ("how_to", "account_specific", "security", "complaint", "out_of_scope")
# The groups tier 0 may answer; the others always go to a person.
ANSWERABLE_GROUPS: frozenset[str] = frozenset({"how_to", "out_of_scope"})

SPECIALTIES: tuple[str, ...] = (
    "general",
    "wallets_onchain",
    "account_security",
    "kyc_verification",
    "payments_fiat",
    "p2p",
    "trading",
    "api",
    "executive",
    "none",
)
PRIORITIES: tuple[Priority, ...] = ("low", "normal", "high", "urgent")
MENTION_KINDS: tuple[str, ...] = (
    "eth_tx",
    "btc_tx",
    "sol_tx",
    "tron_tx",
    "eth_address",
    "btc_address",
    "sol_address",
    "tron_address",
)


@dataclass(frozen=True)
class Intent:
    name: str
    group: Group
    team: str  # the default specialty

    @property
    def answerable(self) -> bool:
        return self.group in ANSWERABLE_GROUPS


_TABLE: tuple[tuple[Group, str, str], ...] = (
    ("how_to", "fees_info", "general"),
    ("how_to", "deposit_networks_info", "wallets_onchain"),
    ("how_to", "withdrawal_limits_info", "wallets_onchain"),
    ("how_to", "twofa_setup_howto", "account_security"),
    ("how_to", "kyc_process_info", "kyc_verification"),
    ("how_to", "supported_countries_info", "general"),
    ("how_to", "api_usage_info", "api"),
    ("how_to", "staking_info", "general"),
    ("how_to", "block_explorer_howto", "wallets_onchain"),
    ("how_to", "account_closure_info", "general"),
    ("how_to", "referral_info", "general"),
    ("how_to", "tax_documents_info", "general"),
    ("how_to", "trading_basics_info", "trading"),
    ("how_to", "p2p_howto", "p2p"),
    ("account_specific", "withdrawal_pending", "wallets_onchain"),
    ("account_specific", "deposit_not_credited", "wallets_onchain"),
    ("account_specific", "deposit_wrong_network", "wallets_onchain"),
    ("account_specific", "unsupported_token_deposit", "wallets_onchain"),
    ("account_specific", "missing_memo_tag", "wallets_onchain"),
    ("account_specific", "bridge_transfer_failed", "wallets_onchain"),
    ("account_specific", "kyc_rejected_or_loop", "kyc_verification"),
    ("account_specific", "account_locked", "account_security"),
    ("account_specific", "twofa_reset_request", "account_security"),
    ("account_specific", "email_change_request", "account_security"),
    ("account_specific", "card_payment_failed", "payments_fiat"),
    ("account_specific", "p2p_dispute", "p2p"),
    ("account_specific", "margin_liquidation_complaint", "trading"),
    ("account_specific", "trade_not_executed", "trading"),
    ("account_specific", "api_key_compromised", "api"),
    ("security", "account_hacked", "account_security"),
    ("security", "phishing_report", "account_security"),
    ("security", "support_impersonation", "account_security"),
    ("complaint", "complaint_repeat_followup", "executive"),
    ("complaint", "legal_threat", "executive"),
    ("complaint", "regulator_complaint", "executive"),
    ("out_of_scope", "price_prediction", "none"),
    ("out_of_scope", "off_topic_chitchat", "none"),
    ("out_of_scope", "other_exchange_account", "none"),
    ("out_of_scope", "unsupported_request", "general"),
)

INTENTS: dict[str, Intent] = {name: Intent(name, group, team) for group, name, team in _TABLE}
INTENT_NAMES: tuple[str, ...] = tuple(INTENTS)

# Where a specialty's cases land in routing: the ticket category (whose skill routing matches against
# the teams' skills) and, for the executives, the tier. A deployment maps specialties to its teams by
# giving teams these skills.
SPECIALTY_CATEGORY: dict[str, str] = {
    "general": "other",
    "wallets_onchain": "withdrawal",
    "account_security": "security",
    "kyc_verification": "kyc",
    "payments_fiat": "payments",
    "p2p": "other",
    "trading": "trading",
    "api": "api",
    "executive": "other",
    "none": "other",
}
SPECIALTY_SKILL: dict[str, str] = {
    "general": "",
    "wallets_onchain": "wallets",
    "account_security": "security",
    "kyc_verification": "kyc",
    "payments_fiat": "payments",
    "p2p": "p2p",
    "trading": "trading",
    "api": "api",
    "executive": "",
    "none": "",
}
