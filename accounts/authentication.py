"""API tokens that expire: a token leaked from a script's config stops working on its own."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = "This API token has expired; sign in at /api/auth/token/ again for a new one."
    default_code = "token_expired"


def token_expires_at(token: Token) -> dt.datetime:
    """A token is good for API_TOKEN_TTL_DAYS from when it was issued, not from its last use."""
    return token.created + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_expired(token: Token, now: dt.datetime | None = None) -> bool:
    return token_expires_at(token) <= (now or timezone.now())


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>`, refused with a 401 (`code` token_expired) once the token is
    older than API_TOKEN_TTL_DAYS. An inactive user's token is refused first, as DRF does."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise TokenExpired()
        return user, token
