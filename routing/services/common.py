"""What the routing services share: names of priorities and skills, and the timeline event."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from customers.models import VipLevel
from tickets.models import (
    Category,
    EntryKind,
    Priority,
    Status,
    Ticket,
    TimelineEntry,
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


def timeline_event(ticket: Ticket, actor: User | None, event: str, **data: Any) -> None:
    TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.SYSTEM_EVENT,
        channel=ticket.channel,
        author=actor,
        data={"event": event, **data},
        created_at=timezone.now(),
    )
