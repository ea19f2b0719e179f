"""How the API document describes the helpdesk's own authentication (loaded by AccountsConfig.ready)."""

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The same `tokenAuth` scheme drf-spectacular writes for DRF's class, saying that tokens expire."""

    target_class = "accounts.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.keyword
        )
        scheme["description"] = (
            f"`Authorization: Token <token>` with a token from /api/auth/token/. A token expires "
            f"{settings.API_TOKEN_TTL_DAYS} days after it was issued (401, `code` token_expired); "
            "signing in again there gives a new one."
        )
        return scheme
