"""Websocket routes; each app that speaks over websockets adds its consumers here.

The stack as a whole (helpdesk/asgi.py) accepts the helpdesk's own origins and the sites that embed
the chat widget. The agent console, signed in by the session cookie, accepts only the helpdesk's own:
another site must not open it with an agent's cookie.
"""

from channels.security.websocket import AllowedHostsOriginValidator
from django.conf import settings
from django.urls import URLPattern, URLResolver, path

from livechat.consumers import AgentConsumer, CustomerConsumer


def websocket_origins() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = ["localhost", "127.0.0.1", "[::1]"]
    return [*hosts, *settings.LIVECHAT_ALLOWED_ORIGINS]


websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/chat/customer/", CustomerConsumer.as_asgi()),
    path("ws/chat/agent/", AllowedHostsOriginValidator(AgentConsumer.as_asgi())),
]
