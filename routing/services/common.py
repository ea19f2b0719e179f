"""What the routing services share: names of priorities and skills, and the timeline event."""

import datetime as dt

from django.conf import settings

from customers.models import VipLevel
from tickets.models import (
    Category,
    Priority,
    Status,
)

CATEGORY_SKILL: dict[str, str] = {
    Category.WITHDRAWAL: "wallets",
    Category.DEPOSIT: "wallets",
    Category.KYC: "kyc",
    Category.SECURITY: "security",
    Category.ACCOUNT_ACCESS: "security",
    Category.PAYMENTS: "payments",
    Category.TRADING: "trading",
    Category.API: "api",
}
PRIORITY_NAMES = {p.value: p.name.lower() for p in Priority}
PRIORITY_BY_NAME = {v: k for k, v in PRIORITY_NAMES.items()}
DEFAULT_VIP_RANK: dict[str, int] = {
    VipLevel.STANDARD: 0,
    VipLevel.VIP1: 1,
    VipLevel.VIP2: 2,
    VipLevel.VIP3: 3,
    VipLevel.INSTITUTIONAL: 4,
}
WAITING = (Status.NEW, Status.OPEN)


def presence_ttl() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "HELPDESK_PRESENCE_TTL_SECONDS", 90))
