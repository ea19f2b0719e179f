"""/api/auth/token/: a token for scripts and the exchange's backend (browsers use the session)."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, parsers, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.access import has_second_factor, second_factor_enforced
from accounts.lockout import second_factor_lockout_message
from accounts.models import User
from accounts.services import api_token_for_sign_in, second_factor_locked, second_factor_match
from audit.middleware import client_ip
from helpdesk.api import ErrorSerializer, JSONParser
from helpdesk.errors import DomainError


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=(
            "The current 6-digit code of the account's authenticator app, or one of its recovery codes. "
            "Required for accounts that sign in with a second factor (admins, supervisors, auditors, "
            "approvers, partner agents, and anyone who has set one up)."
        ),
    )


class SecondFactorLocked(exceptions.APIException):
    status_code = 429
    default_code = "locked_out"


def check_second_factor(user: User, otp: str) -> None:
    """The token door asks for the same second factor as the sign-in page, and counts wrong codes
    against the same lockout."""
    enforced = second_factor_enforced(user)
    if not enforced and not has_second_factor(user):
        return
    if enforced and not has_second_factor(user):
        raise DomainError(
            _("This account must sign in with a second factor: set one up at /accounts/security/ first."),
            code="second_factor_required",
        )
    if second_factor_locked(user):
        raise SecondFactorLocked(second_factor_lockout_message())
    if not otp:
        raise DomainError(
            _("This account signs in with a second factor: send the current code as `otp`."),
            code="otp_required",
        )
    if second_factor_match(user=user, code=otp) is None:
        if second_factor_locked(user):
            raise SecondFactorLocked(second_factor_lockout_message())
        raise DomainError(_("The `otp` code is not right, or was already used."), code="otp_invalid")


class TokenObtainThrottle(AnonRateThrottle):
    """Twenty attempts a minute from one address: plenty for a script, too slow to guess passwords."""

    scope = "auth-token"
    rate = "20/minute"

    def get_ident(self, request: Request) -> str:
        # The address the audit log records: X-Forwarded-For only when our own proxy sets it, so a
        # client cannot pick a fresh identity for every guess.
        return client_ip(request._request) or "unknown"


class TokenObtainView(ObtainAuthToken):
    parser_classes = (JSONParser, parsers.FormParser)
    throttle_classes = (TokenObtainThrottle,)
    serializer_class = TokenRequestSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        # The sign-in throttle (django-axes) marks a locked-out request on Django's own request, where
        # its middleware looks; DRF's wrapper would hide the mark and the lockout would read as a
        # plain wrong password.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(
        summary="Get an API token",
        description=(
            "Send `Authorization: Token <token>` with every request after this one. The same token is "
            "returned until it expires (API_TOKEN_TTL_DAYS after it was issued, 30 by default); once "
            "it has, signing in here again replaces it with a new one. Accounts that sign in with a second "
            "factor send its current code as `otp` too."
        ),
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("AuthToken", fields={"token": serializers.CharField()}),
            400: OpenApiResponse(
                ErrorSerializer,
                description="Wrong username or password; or, for an account with a second factor, `otp` "
                "missing (`code` otp_required) or wrong (`code` otp_invalid); or an account that must "
                "have a second factor has none yet (`code` second_factor_required).",
            ),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many attempts: wait a minute, or, after repeated wrong passwords "
                "for this username or from this address, or repeated wrong `otp` codes for this account, "
                "until the lockout ends (`code` locked_out).",
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        check_second_factor(user, serializer.validated_data.get("otp", ""))
        token = api_token_for_sign_in(user=user)
        return Response({"token": token.key})
