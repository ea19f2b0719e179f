"""Websocket routes; each app that speaks over websockets adds its consumers here.

Which pages may open a socket is decided by its Origin, compared as Django's CSRF check compares
it: scheme, host and port. The stack as a whole (helpdesk/asgi.py) accepts the helpdesk's own
origins and the sites that embed the chat widget (LIVECHAT_ALLOWED_ORIGINS). The agent console,
signed in by the session cookie, accepts only the helpdesk's own: another site, or another port of
the same host (another application there), must not open it with an agent's cookie.
"""

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import validate_host
from django.urls import URLPattern, URLResolver, path

from livechat.consumers import AgentConsumer, CustomerConsumer
from notifications.consumers import NotificationConsumer
from routing.cleanroom import CleanRoomSocketGuard
from workspace.consumers import TicketPresenceConsumer

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _origin(value: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin such as "https://help.example:8443", default ports filled in."""
    try:
        parts = urlsplit(value.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _socket_is_secure(scope: dict[str, Any]) -> bool:
    if scope.get("scheme") == "wss":
        return True
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        name, secure_value = proxy_header
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
        return _header(scope, header).split(",")[0].strip() == secure_value
    return False


def own_origin(scope: dict[str, Any], origin: str) -> bool:
    """The helpdesk's own page opened the socket: the Origin is the host and port the socket was
    opened on, that host is one of ALLOWED_HOSTS, and the scheme matches (https for wss); or the
    Origin is listed in CSRF_TRUSTED_ORIGINS."""
    parsed = _origin(origin)
    if parsed is None:
        return False
    if any(_origin(trusted) == parsed for trusted in settings.CSRF_TRUSTED_ORIGINS):
        return True
    scheme, host, _port = parsed
    if (scheme == "https") != _socket_is_secure(scope):
        return False
    opened_on = _origin(f"{scheme}://{_header(scope, b'host')}")
    allowed_hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]
    return opened_on == parsed and validate_host(host, allowed_hosts)


class OriginValidator:
    """Refuses the handshake of a socket whose Origin is not the helpdesk's own, nor one listed in
    the setting `also_allowed` names (full origins, compared with their ports)."""

    def __init__(self, application: Any, also_allowed: str | None = None) -> None:
        self.application = application
        self.also_allowed = also_allowed

    def allowed(self, scope: dict[str, Any]) -> bool:
        origin = _header(scope, b"origin")
        if own_origin(scope, origin):
            return True
        listed = getattr(settings, self.also_allowed, []) if self.also_allowed else []
        parsed = _origin(origin)
        return parsed is not None and any(_origin(o) == parsed for o in listed)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not self.allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/chat/customer/", CustomerConsumer.as_asgi()),
    # Partner agents open it only from their teams' networks (routing/cleanroom.py).
    path("ws/chat/agent/", OriginValidator(CleanRoomSocketGuard(AgentConsumer.as_asgi()))),
    # The bell in every page's top bar: a staff member's own counts (notifications/consumers.py).
    path("ws/notifications/", OriginValidator(CleanRoomSocketGuard(NotificationConsumer.as_asgi()))),
    # Who else is on a ticket (docs/collision.md), with the agent's session cookie: own pages only.
    path("ws/tickets/presence/", OriginValidator(CleanRoomSocketGuard(TicketPresenceConsumer.as_asgi()))),
]
