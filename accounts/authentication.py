"""API tokens that expire: a token leaked from a script's config stops working on its own."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from helpdesk.prepared import prepared_row


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
# The user is read without the password's hash: no request a token authenticates needs it, and the
# instance loads it from the database if it is ever asked for.
_USER_DEFERRED = frozenset({"password"})


def _token_sql(connection: Any) -> dict[str, Any]:
    if not _TOKEN_SQL:
        user_model = get_user_model()
        quote = connection.ops.quote_name
        user_fields = [f for f in user_model._meta.concrete_fields if f.name not in _USER_DEFERRED]
        columns = [f"u.{quote(str(f.column))}" for f in user_fields]
        token_user = quote(str(Token._meta.get_field("user").column))
        _TOKEN_SQL.update(
            user_fields=[f.attname for f in user_fields],
            user_model=user_model,
            key_length=Token._meta.get_field("key").max_length,
            sql=(
                # Names from the models' metadata only; the key is a parameter.
                f"SELECT t.{quote(str(Token._meta.get_field('created').column))}, {', '.join(columns)}"  # noqa: S608
                f" FROM {quote(Token._meta.db_table)} t INNER JOIN {quote(user_model._meta.db_table)} u"
                f" ON u.{quote(str(user_model._meta.pk.column))} = t.{token_user}"
                f" WHERE t.{quote(str(Token._meta.pk.column))} = %(key)s"
            ),
        )
    return _TOKEN_SQL


def _token_and_user(key: str) -> tuple[Any, Token]:
    """DRF's TokenAuthentication.authenticate_credentials (the token with its user, refused when
    unknown or inactive) from one statement, read anew on every request (a token revoked or a user
    deactivated is refused at once) and prepared on the connection (helpdesk/prepared.py): the ORM
    compiling `select_related("user").get(key=...)` cost more than the query, and planning the join
    as much as running it.

    The key is found by the primary key's index, as DRF finds it: what its timing could tell of a
    wrong key (how far down the index it went) is far below a network's jitter."""
    alias = router.db_for_read(Token)
    connection = connections[alias]
    if connection.vendor != "postgresql" or alias != DEFAULT_DB_ALIAS:
        # Other databases hand back some columns (times) as text, which from_db would not convert;
        # prepared statements run on the default database only.
        return TokenAuthentication().authenticate_credentials(key)
    sql = _token_sql(connection)
    # No key is longer than the column or holds NUL (which PostgreSQL refuses to compare, a 500):
    # such a header is a wrong key, answered as one without asking the database.
    if len(key) > sql["key_length"] or "\x00" in key:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    row = prepared_row(sql["sql"], {"key": key})
    if row is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    user = sql["user_model"].from_db(alias, sql["user_fields"], row[1:])
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    # The row's key is the one asked for: the primary key is compared byte for byte.
    token = Token.from_db(alias, ["key", "user_id", "created"], (key, user.pk, row[0]))
    token.user = user
    return user, token


def token_authenticate(request: Any, key: str) -> tuple[Any, Token]:
    """The user and token `key` names, looked up once per request (middleware, then the view)."""
    auth = ExpiringTokenAuthentication()
    auth.http_request = request
    return auth.authenticate_credentials(key)
