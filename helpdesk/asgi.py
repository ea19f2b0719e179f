"""ASGI entry point. In production only `/ws/` reaches it; pages and the API go to the WSGI server."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from helpdesk.ws_urls import OriginValidator, websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The helpdesk's own hosts and the sites embedding the chat widget; ws_urls narrows it per route.
        "websocket": OriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns)), also_allowed="LIVECHAT_ALLOWED_ORIGINS"
        ),
    }
)
