"""Which adapter serves each channel kind. Imported when a kind is first used, so a channel whose
module is missing (not built, or its library not installed) fails only for that channel."""

from functools import cache
from typing import cast

from django.utils.module_loading import import_string

from messaging.providers.base import Provider

PROVIDERS: dict[str, str] = {
    "telegram": "messaging.providers.telegram.TelegramProvider",
    "whatsapp": "messaging.providers.whatsapp.WhatsAppProvider",
    "messenger": "messaging.providers.messenger.MessengerProvider",
    "x": "messaging.providers.x.XProvider",
    "sms": "messaging.providers.sms.SmsProvider",
    "voice": "voice.provider.VoiceProvider",
}


class UnknownChannel(LookupError):
    pass


@cache
def provider_for(kind: str) -> Provider:
    """The adapter of `kind`, one instance per process (adapters hold no state)."""
    try:
        path = PROVIDERS[kind]
    except KeyError:
        raise UnknownChannel(kind) from None
    return cast(Provider, import_string(path)())


def credential_fields(kind: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """(the settings an account of `kind` needs, those of them that are secret)."""
    provider = provider_for(kind)
    return tuple(provider.credential_fields), frozenset(provider.secret_fields)
