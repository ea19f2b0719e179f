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


# The token's user, kept on the Django request: the clean room, the staff-session middleware and
# DRF's authentication each need it, and each would otherwise look the token up again.
_MEMO = "_token_authenticated"


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>`, refused with a 401 (`code` token_expired) once the token is
    older than API_TOKEN_TTL_DAYS. An inactive user's token is refused first, as DRF does."""

    http_request: Any = None

    def authenticate(self, request: Any) -> Any:
        # DRF's Request wraps the Django request the middleware saw.
        self.http_request = getattr(request, "_request", request)
        return super().authenticate(request)

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        memo = getattr(self.http_request, _MEMO, None)
        if memo is not None and memo[1].key == key:
            return memo
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise TokenExpired()
        if self.http_request is not None:
            setattr(self.http_request, _MEMO, (user, token))
        return user, token


def token_authenticate(request: Any, key: str) -> tuple[Any, Token]:
    """The user and token `key` names, looked up once per request (middleware, then the view)."""
    auth = ExpiringTokenAuthentication()
    auth.http_request = request
    return auth.authenticate_credentials(key)
