"""API tokens that expire: a token leaked from a script's config stops working on its own."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext as _
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
        user, token = _token_and_user(key)
        if token_expired(token):
            raise TokenExpired()
        if self.http_request is not None:
            setattr(self.http_request, _MEMO, (user, token))
        return user, token


_TOKEN_SQL: dict[str, Any] = {}


def _token_and_user(key: str) -> tuple[Any, Token]:
    """DRF's TokenAuthentication.authenticate_credentials (the token with its user, refused when
    unknown or inactive) from one statement written once per process: on every API request the ORM
    compiling `select_related("user").get(key=...)` cost more than the query."""
    alias = router.db_for_read(Token)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        # Other databases hand back some columns (times) as text, which from_db would not convert.
        return TokenAuthentication().authenticate_credentials(key)
    if not _TOKEN_SQL:
        user_model = get_user_model()
        quote = connection.ops.quote_name
        token_fields = [f.attname for f in Token._meta.concrete_fields]
        user_fields = [f.attname for f in user_model._meta.concrete_fields]
        columns = [f"t.{quote(str(f.column))}" for f in Token._meta.concrete_fields]
        columns += [f"u.{quote(str(f.column))}" for f in user_model._meta.concrete_fields]
        token_user = quote(str(Token._meta.get_field("user").column))
        _TOKEN_SQL.update(
            token_fields=token_fields,
            user_fields=user_fields,
            user_model=user_model,
            sql=(
                # Names from the models' metadata only; the key is a parameter.
                f"SELECT {', '.join(columns)} FROM {quote(Token._meta.db_table)} t"  # noqa: S608
                f" INNER JOIN {quote(user_model._meta.db_table)} u"
                f" ON u.{quote(str(user_model._meta.pk.column))} = t.{token_user}"
                f" WHERE t.{quote(str(Token._meta.pk.column))} = %s"
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL["sql"], [key])
        row = cursor.fetchone()
    if row is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    split = len(_TOKEN_SQL["token_fields"])
    token = Token.from_db(alias, _TOKEN_SQL["token_fields"], row[:split])
    user = _TOKEN_SQL["user_model"].from_db(alias, _TOKEN_SQL["user_fields"], row[split:])
    token.user = user
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    return user, token


def token_authenticate(request: Any, key: str) -> tuple[Any, Token]:
    """The user and token `key` names, looked up once per request (middleware, then the view)."""
    auth = ExpiringTokenAuthentication()
    auth.http_request = request
    return auth.authenticate_credentials(key)
