"""One budget for a visitor's chat messages, whether they arrive over HTTP or over the WebSocket."""

from __future__ import annotations

from django.conf import settings

from hamdel.core.ratelimit import address_over_limit

SCOPE = "chat"


def chat_over_limit(address: str) -> bool:
    """Count one chat message from this address; True once it is over the hourly budget.

    Before, only the HTTP post counted: 250 of 250 messages sent over the socket were accepted.
    """
    return address_over_limit(address, SCOPE, per_hour=settings.HAMDEL_PUBLIC_RATE_PER_HOUR * 10)
