"""Mailbox passwords at rest: encrypted with a key derived from SECRET_KEY (Fernet: AES-128-CBC with an
HMAC). A database dump or a read replica then holds no usable IMAP credentials.

Rotating SECRET_KEY keeps old values readable through SECRET_KEY_FALLBACKS, Django's own mechanism;
a value is written again under the current key the next time the mailbox is saved.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(f"cryptodesk.mail.secrets:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(s) for s in secrets])


def seal(value: str) -> str:
    return PREFIX + _keys().encrypt(value.encode()).decode() if value else ""


def unseal(stored: str) -> str:
    """The clear value. A value written before encryption was turned on is returned as it is."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _keys().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "a mailbox secret cannot be decrypted: was SECRET_KEY changed without a fallback?"
        ) from exc


class SealedCharField(models.TextField):
    """A text column that holds its value encrypted; Python code sees the clear value."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str | None:
        return unseal(value) if value else value

    def get_prep_value(self, value: object) -> object:
        value = super().get_prep_value(value)
        return seal(value) if isinstance(value, str) and value else value
