"""/api/auth/token/: a token for scripts and the exchange's backend (browsers use the session)."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import parsers, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.services import api_token_for_sign_in
from audit.middleware import client_ip
from helpdesk.api import ErrorSerializer, JSONParser


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
            "it has, signing in here again replaces it with a new one."
        ),
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("AuthToken", fields={"token": serializers.CharField()}),
            400: OpenApiResponse(ErrorSerializer, description="Wrong username or password."),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many attempts: wait a minute, or, after repeated wrong passwords "
                "for this username or from this address, until the lockout ends (`code` locked_out).",
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = api_token_for_sign_in(user=serializer.validated_data["user"])
        return Response({"token": token.key})
