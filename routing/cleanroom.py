"""The clean room of outsourced partner teams (docs/security.md, "Partner clean room"): the addresses
their agents may work from and whether they may download customers' attachments, as their teams'
settings say. The rest of the clean room (masked data, no export, audited views) is in customers/ and in
the views that serve them.

A partner agent's teams are read once per request (or socket) and kept on the user object, so the
middleware, is_partner_agent and the attachment links of one page share one query.
"""

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import token_authenticate
from accounts.models import Role
from audit.middleware import client_ip
from audit.services import audit_record
from routing.models import Team

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# The attribute of the user object that holds its partner teams' settings for this request.
MEMO = "_partner_teams"


@dataclass(frozen=True)
class PartnerTeam:
    pk: int
    allows_attachment_download: bool
    ip_allow_list: tuple[str, ...]


def partner_teams(user: Any) -> list[PartnerTeam]:
    """The outsourced teams `user` works in as an agent (none for other roles), read once per request."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.AGENT:
        return []
    memo = getattr(user, MEMO, None)
    if memo is None:
        memo = [
            PartnerTeam(pk, allows, tuple(str(entry) for entry in allow_list or []))
            for pk, allows, allow_list in Team.objects.filter(memberships__user=user, is_outsourced=True)
            .order_by("pk")
            .values_list("pk", "allows_attachment_download", "ip_allow_list")
        ]
        setattr(user, MEMO, memo)
    return list(memo)


def parse_network(entry: str) -> Network:
    """A CIDR network (a bare address is a network of one); ValueError names what is wrong."""
    return ipaddress.ip_network(entry.strip(), strict=True)


def address_allowed(user: Any, address: str | None) -> bool:
    """Whether `user` may work from `address`: anyone who is not a partner agent may; a partner agent
    from any address in the union of their teams' allow-lists, where a team with none allows any."""
    teams = partner_teams(user)
    if not teams or any(not team.ip_allow_list for team in teams):
        return True
    if address is None:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for team in teams:
        for entry in team.ip_allow_list:
            try:
                if ip in parse_network(entry):
                    return True
            except ValueError:
                # Team.clean refuses such entries; one saved around it allows nothing.
                continue
    return False


def attachment_download_allowed(user: Any) -> bool:
    """A partner agent downloads attachments only when every one of their partner teams allows it:
    the strictest team decides, as the agent cannot say for which team they are working."""
    return all(team.allows_attachment_download for team in partner_teams(user))


def address_refused(user: Any, address: str | None, path: str) -> None:
    audit_record(
        action="cleanroom.address_refused",
        obj=user,
        actor=user,
        after={"path": path[:500], "address": address},
        ip=address,
    )


ADDRESS_REFUSED = "Your team may not use the helpdesk from this network address."
DOWNLOAD_REFUSED = gettext_lazy("Download not allowed for your team.")


class CleanRoomMiddleware:
    """Refuses a partner agent's requests from an address outside their teams' allow-lists: pages and
    the API, signed in with the session or an API token (which DRF reads only inside the view, so it is
    looked up here as well)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = _agent_of(request)
        if user is None:
            return self.get_response(request)
        try:
            # A partner agent's request is in the clean room: the API pages it at the default size.
            request.clean_room = bool(partner_teams(user))  # type: ignore[attr-defined]
            address = client_ip(request)
            if not address_allowed(user, address):
                address_refused(user, address, request.path)
                return _refusal(request)
            return self.get_response(request)
        finally:
            # The teams read for this request answer for this request only (a test client may hand the
            # same user object to the next one).
            if hasattr(user, MEMO):
                delattr(user, MEMO)


def _agent_of(request: HttpRequest) -> Any:
    """The agent making the request, by session or API token; None for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # Read as DRF reads it (`request.headers` would build a map of every header first).
        header = request.META.get("HTTP_AUTHORIZATION", "").split()
        if len(header) != 2 or header[0].lower() != "token":
            return None
        try:
            user, _token = token_authenticate(request, header[1])
        except AuthenticationFailed:
            # DRF refuses the same token in the view, with its own 401.
            return None
    return user if user.role == Role.AGENT else None


def _refusal(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(("/api/", "/chat/api/")):
        return JsonResponse(
            {"message": _(ADDRESS_REFUSED), "status": 403, "code": "address_refused"}, status=403
        )
    return HttpResponse(loader.render_to_string("routing/address_refused.html"), status=403)


def socket_address(scope: dict[str, Any]) -> str | None:
    """The peer's address of a websocket, read as audit.middleware.client_ip reads a request's."""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = (scope.get("client") or ("", 0))[0] or ""
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            request.META["HTTP_X_FORWARDED_FOR"] = bytes(value).decode("latin-1")
    return client_ip(request)


def _socket_allowed(user: Any, address: str | None, path: str) -> bool:
    allowed = address_allowed(user, address)
    # The socket outlives this check: its later questions read the teams afresh.
    if hasattr(user, MEMO):
        delattr(user, MEMO)
    if not allowed:
        address_refused(user, address, path)
    return allowed


class CleanRoomSocketGuard:
    """Refuses the handshake of an agent socket a partner agent opens from outside their allow-lists."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if scope["type"] == "websocket" and user is not None and user.is_authenticated:
            allowed = await database_sync_to_async(_socket_allowed)(
                user, socket_address(scope), scope.get("path", "")
            )
            if not allowed:
                return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
