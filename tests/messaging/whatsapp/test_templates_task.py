"""The hourly refresh of WhatsApp's approved templates, run as beat runs it: through Celery, on
PostgreSQL outside any test transaction; run twice, it keeps the same list (nothing doubled)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from messaging.fakes.meta import MetaGraphFake
from messaging.models import ChannelAccount
from messaging.whatsapp_templates import templates_known, whatsapp_templates_refresh_task


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_templates_refresh_task_as_beat_runs_it_keeps_each_template_once(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    cache.clear()
    disabled = ChannelAccount(kind="whatsapp", name="Old number", enabled=False)
    disabled.credentials = graph.whatsapp_credentials()
    disabled.save()
    graph.template_add("case_update", "en_US", "Hello {{1}}")
    result: Any = whatsapp_templates_refresh_task.delay().get()
    assert result == 1  # the enabled account only
    first = templates_known(whatsapp_account)
    assert [t.name for t in first.templates] == ["case_update"]
    assert whatsapp_templates_refresh_task.delay().get() == 1
    again = templates_known(whatsapp_account)
    assert again.templates == first.templates and again.fetched_at >= first.fetched_at  # type: ignore[operator]
    assert templates_known(disabled).fetched_at is None
    cache.clear()
