"""WhatsApp's approved templates are kept on the account's row (provider_data): a flushed cache loses
nothing, and other keys of provider_data are left alone."""

from __future__ import annotations

from django.core.cache import cache

from messaging.fakes.meta import MetaGraphFake
from messaging.models import ChannelAccount
from messaging.whatsapp_templates import templates_known, whatsapp_templates_refresh


def test_the_templates_survive_a_flushed_cache(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    ChannelAccount.objects.filter(pk=whatsapp_account.pk).update(provider_data={"other": 1})
    graph.template_add("case_update", "en_US", "Hello {{1}}")
    assert whatsapp_templates_refresh(account_id=whatsapp_account.pk) is not None
    cache.clear()
    account = ChannelAccount.objects.get(pk=whatsapp_account.pk)
    assert account.provider_data["other"] == 1
    known = templates_known(account)
    assert [t.name for t in known.templates] == ["case_update"] and known.fetched_at is not None
