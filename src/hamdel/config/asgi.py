"""ASGI entry: HTTP through Django, WebSockets through Channels with session auth."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.config.settings")

from django.core.asgi import get_asgi_application

django_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from hamdel.config.front import InboundFront  # noqa: E402
from hamdel.config.lean import ASGIDispatcher  # noqa: E402
from hamdel.connectors.routing import websocket_urlpatterns as channel_sockets  # noqa: E402
from hamdel.conversations.consumers import LiveConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        # The common single inbound call is answered by the front (config/front.py); other API-key calls
        # take the lean middleware chain (config/lean.py), the rest Django's full one.
        "http": InboundFront(ASGIDispatcher(django_app)),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter(
                    [
                        path("ws/live/", LiveConsumer.as_asgi()),
                        path("ws/live/<int:conversation_id>/", LiveConsumer.as_asgi()),
                        *channel_sockets,
                    ]
                )
            )
        ),
    }
)

# `hamdel serve` without Redis: the in-memory layer is here, so is the "live" queue (cli.start_live_thread).
if os.environ.get("HAMDEL_SERVE_LIVE_THREAD") == "1":
    from hamdel.cli import start_live_thread

    start_live_thread()
