"""The demo's routing set-up: VIP policies, rules, shifts and account managers."""

import datetime as dt
from typing import Any

VIP_POLICIES = (
    # level, rank, priority boost
    ("standard", 0, 0),
    ("vip1", 1, 1),
    ("vip2", 2, 1),
    ("vip3", 3, 2),
    ("institutional", 4, 2),
)

RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "Suspected compromise",
        "conditions": [{"field": "account_flags", "op": "contains", "value": "suspected_compromise"}],
        "actions": {"team": "account-security", "priority": "urgent", "tags": ["security-alert"]},
        "stop": True,
    },
    {
        "name": "2FA changed in the last day and money moving",
        "conditions": [
            {"field": "hours_since_2fa_change", "op": "lt", "value": 24},
            {"field": "category", "op": "in", "value": ["withdrawal", "account_access", "security"]},
        ],
        "actions": {"team": "account-security", "priority": "urgent", "tags": ["recent-2fa-change"]},
        "stop": True,
    },
    {
        "name": "VIP with a large pending withdrawal",
        "conditions": [
            {"field": "vip_rank", "op": "gte", "value": 2},
            {"field": "pending_withdrawal_usd", "op": "gt", "value": 10000},
        ],
        "actions": {
            "team": "wallets",
            "priority": "urgent",
            "to_account_manager": True,
            "tags": ["vip-withdrawal"],
        },
        "stop": True,
    },
    {
        "name": "Deposits and withdrawals by email go to wallet specialists",
        "conditions": [
            {"field": "category", "op": "in", "value": ["deposit", "withdrawal"]},
            {"field": "channel", "op": "ne", "value": "chat"},
        ],
        "actions": {"team": "wallets"},
    },
    {
        "name": "KYC cases",
        "conditions": [{"field": "category", "op": "eq", "value": "kyc"}],
        "actions": {"team": "kyc"},
    },
    {
        "name": "Institutional clients",
        "conditions": [{"field": "vip_level", "op": "eq", "value": "institutional"}],
        "actions": {"to_account_manager": True, "tags": ["institutional"]},
    },
)

WEEKDAYS = range(5)
# team slug -> (weekdays, start, end) in the team's own time zone; teams not listed work 24/7.
SHIFTS: dict[str, tuple[range, dt.time, dt.time]] = {
    "general-en": (range(7), dt.time(7), dt.time(23)),
    "general-es": (range(6), dt.time(8), dt.time(22)),
    "wallets": (WEEKDAYS, dt.time(8), dt.time(20)),
    "kyc": (WEEKDAYS, dt.time(8), dt.time(18)),
    "account-security": (range(7), dt.time(6), dt.time(22)),
    "payments": (WEEKDAYS, dt.time(8), dt.time(20)),
    "executive": (WEEKDAYS, dt.time(8), dt.time(20)),
}
# Takes the cases no team fits, such as a language nobody speaks; it works every day of the week.
DEFAULT_TEAM = "general-en"

# customer external id -> (account manager, backup)
ACCOUNT_MANAGERS = {
    "EX-10005": ("aiko", "noah"),
    "EX-10008": ("james", "wei"),
    "EX-10014": ("james", "emre"),
    "EX-10016": ("wei", "arjun"),
    "EX-10028": ("james", "emma"),
}

# customer external id -> account activity the exchange pushed
ACTIVITY: dict[str, dict[str, Any]] = {
    "EX-10004": {"pending_withdrawal_usd": "48250.00"},
    "EX-10015": {"pending_withdrawal_usd": "12800.00"},
    "EX-10018": {"last_2fa_change_hours_ago": 5},
    "EX-10009": {"last_new_device_login_hours_ago": 2},
}
