"""SLA notices share the agent's group with chat offers; the console socket must carry them."""

import pytest
from channels.db import database_sync_to_async as sync_to_async

from sla.events import SlaNotice, publish_sla_notice
from tests.livechat.conftest import console, next_of

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.anyio
async def test_an_sla_notice_reaches_the_agents_console_without_closing_it(agents):
    socket = await console(agents[0])
    notice: SlaNotice = {
        "type": "sla.breached",
        "ticket": 7,
        "reference": "HD-000007",
        "subject": "Withdrawal pending",
        "target": "first_response",
        "due_at": None,
    }
    await sync_to_async(publish_sla_notice)([agents[0].pk], notice)
    frame = await next_of(socket, "notice")
    assert frame["notice"]["reference"] == "HD-000007"
    await socket.send_json_to({"type": "typing", "conversation": 999999, "active": True})
    error = await next_of(socket, "error")
    assert error["code"] in ("not_found", "forbidden")
    await socket.disconnect()
