"""The SLA policy, calendar and channel account the access matrix's world holds
(tests/ops/access_world.py)."""

import datetime as dt
from typing import Any

from accounts.models import User
from sla.services import HoursSpec, business_calendar_save, sla_policy_save


def configuration_world(users: dict[str, User]) -> dict[str, Any]:
    admin = users["admin"]
    policy = sla_policy_save(
        actor=admin,
        fields={"name": "Urgent", "priorities": [4], "first_response_target": dt.timedelta(minutes=15)},
    )
    calendar = business_calendar_save(
        actor=admin,
        fields={"name": "Weekdays", "time_zone": "Europe/Berlin"},
        hours=[HoursSpec(weekday=d, start=dt.time(8), end=dt.time(18)) for d in range(5)],
    )
    from messaging.models import ChannelAccount, ChannelKind

    # The templates refresh of a WhatsApp account: the worker's fetch finds nothing listening.
    channel = ChannelAccount(kind=ChannelKind.WHATSAPP, name="Access world WhatsApp")
    channel.credentials = {
        "phone_number_id": "1065",
        "business_account_id": "2095",
        "access_token": "token",
        "app_secret": "secret",
        "verify_token": "verify",
        "api_base": "http://127.0.0.1:9/v21.0",
    }
    channel.save()
    return {"sla_policy": policy.pk, "business_calendar": calendar.pk, "channel_account": channel.pk}
