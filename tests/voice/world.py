"""The voice rows of the access world (tests/ops/access_world.py): a phone line, a caller of the
in-house General team waiting in its queue, and a callback they asked for."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User
from messaging.models import ChannelAccount, ChannelKind, Contact
from routing.models import Team
from tests.factories import make_customer
from voice.models import Call, Callback, CallStatus


def voice_world(users: dict[str, User]) -> dict[str, Any]:
    general = Team.objects.get(slug="general")
    account = ChannelAccount(kind=ChannelKind.VOICE, name="World phone line", team=general)
    account.credentials = {
        "account_sid": "AC" + "0" * 32,
        "auth_token": "world-token",
        "from_number": "+15550100000",
    }
    account.save()
    customer = make_customer(external_id="voice-world-caller")
    now = timezone.now()
    contact = Contact.objects.create(
        account=account, external_id="+447700900555", phone="+447700900555", customer=customer, created_at=now
    )

    def call(n: int, status: str) -> Call:
        return Call.objects.create(
            account=account,
            sid=f"CA{n:032x}",
            contact=contact,
            customer=customer,
            team=general,
            from_number=contact.external_id,
            status=status,
            created_at=now,
            queued_at=now,
        )

    waiting = call(1, CallStatus.WAITING)
    callback = Callback.objects.create(call=call(2, CallStatus.CALLBACK), requested_at=now, due_at=now)
    return {"voice_webhook_key": account.webhook_key, "voice_call": waiting.pk, "voice_callback": callback.pk}
