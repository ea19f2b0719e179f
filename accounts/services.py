"""Staff accounts' credentials: API tokens are issued and revoked here, with an audit record."""

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.authentication import token_expired
from accounts.models import User
from audit.services import audit_record


def api_token_issue(*, actor: Any, user: User) -> Token:
    """A new API token for `user`. The log names the user, never the token: it is a password."""
    with transaction.atomic():
        token = Token.objects.create(user=user)
        audit_record(action="accounts.token.issued", obj=user, actor=actor)
    return token


def api_token_revoke(*, actor: Any, token: Token) -> None:
    with transaction.atomic():
        audit_record(action="accounts.token.revoked", obj=token.user, actor=actor)
        token.delete()


def api_token_for_sign_in(*, user: User) -> Token:
    """The user's token for /api/auth/token/: the current one, or a new one in place of an expired one
    (or none), so a client renews by signing in again."""
    with transaction.atomic():
        # The user's row serialises two sign-ins at once: one replaces the token, the other gets it.
        User.objects.select_for_update().filter(pk=user.pk).first()
        token = Token.objects.filter(user=user).first()
        if token is not None and not token_expired(token):
            return token
        if token is not None:
            token.delete()
            audit_record(action="accounts.token.expired", obj=user, actor_label="system:accounts")
        token = Token.objects.create(user=user)
        audit_record(action="accounts.token.issued", obj=user, actor=user)
    return token
