"""Staff accounts' credentials: API tokens are issued and revoked here, with an audit record."""

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

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
