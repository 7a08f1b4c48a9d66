"""WebSocket routes of the connectors, for config/asgi.py to include beside the agents' live socket."""

from django.urls import path

from hamdel.connectors.chat.consumer import ChatConsumer

websocket_urlpatterns = [path("ws/chat/<str:key>/", ChatConsumer.as_asgi())]
