"""The market events `seed_demo` marks: a flash crash two days ago, over, so the volatility page and
the reports' inside/outside comparison have a window to show before any surge is detected."""

import datetime as dt

from django.utils import timezone

from accounts.models import Role, User
from volatility.models import MarketEvent
from volatility.services import market_event_mark

DEMO_TITLE = "BTC flash crash: -9% in 20 minutes, liquidations across venues"


def _marker() -> User | None:
    return (
        User.objects.filter(username="sofia", is_active=True).first()
        or User.objects.filter(role__in=[Role.SUPERVISOR, Role.ADMIN], is_active=True).order_by("pk").first()
    )


def seed_volatility_demo() -> MarketEvent | None:
    """Mark the demo market event once; run again, it changes nothing. None without a supervisor."""
    existing = MarketEvent.objects.filter(title=DEMO_TITLE).order_by("pk").first()
    actor = _marker()
    if existing is not None or actor is None:
        return existing
    start = (timezone.now() - dt.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return market_event_mark(
        actor=actor,
        title=DEMO_TITLE,
        start=start,
        end=start + dt.timedelta(hours=3),
        assets=["BTC", "ETH"],
        note="Deposits and withdrawals kept working; most contacts asked about liquidations and stop orders.",
    )
