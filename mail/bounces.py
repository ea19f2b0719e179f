"""The bounce address of each message the helpdesk sends, and how a bounce proves it is real.

Anyone who has seen one of our Message-IDs (the customer, anyone in copy, anyone they forward the
mail to) can write a message that looks like a delivery status notification quoting it. So a
quoted Message-ID is no evidence at all. Each outbound message is sent with its own envelope
sender (VERP): `support+bounce-<outbound id>-<mac>@domain`, the mac an HMAC over the row's id and
Message-ID keyed from SECRET_KEY. A real DSN is sent to the envelope sender, so it arrives with that
address in its To / Delivered-To / X-Original-To; only then is the reply marked bounced.
"""

import re
from email.utils import parseaddr

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "cryptodesk.mail.bounce-address"
_MAC_CHARS = 20
# The local part may be at most 64 characters (RFC 5321): an id and a 20-hex mac leave room.
_TOKEN_RE = re.compile(r"\+bounce-(\d{1,18})-([0-9a-f]{" + str(_MAC_CHARS) + "})@", re.IGNORECASE)
# A bounce names a handful of recipients at most; more is someone fishing.
MAX_TOKENS = 10


def _mac(outbound_id: int, message_id: str, secret: str) -> str:
    value = f"{outbound_id}:{message_id}"
    return salted_hmac(_SALT, value, secret=secret, algorithm="sha256").hexdigest()[:_MAC_CHARS]


def bounce_address(*, outbound_id: int, message_id: str, from_address: str) -> str:
    """The envelope sender for one outbound message, at the sending mailbox's own address."""
    address = parseaddr(from_address)[1] or from_address
    if "@" not in address:
        return address
    local, domain = address.rsplit("@", 1)
    local = local.split("+", 1)[0]
    return f"{local}+bounce-{outbound_id}-{_mac(outbound_id, message_id, settings.SECRET_KEY)}@{domain}"


def bounce_tokens(addresses: list[str]) -> dict[int, str]:
    """{outbound id: mac} for every bounce address among the addresses a bounce was sent to."""
    tokens: dict[int, str] = {}
    for address in addresses:
        for outbound_id, mac in _TOKEN_RE.findall(address):
            tokens.setdefault(int(outbound_id), mac.lower())
            if len(tokens) >= MAX_TOKENS:
                return tokens
    return tokens


def bounce_token_valid(*, outbound_id: int, message_id: str, mac: str) -> bool:
    """The mac was made by this helpdesk for this message (SECRET_KEY_FALLBACKS cover a rotation)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(_mac(outbound_id, message_id, secret), mac) for secret in secrets)
