"""The one rate limiter: a fixed window per client address and scope, in the shared cache (Redis)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request: HttpRequest, scope: str, *, per_hour: int) -> bool:
    """Count this request; True once the address has made more than `per_hour` in the current hour."""
    return address_over_limit(client_address(request), scope, per_hour=per_hour)


def address_over_limit(address: str, scope: str, *, per_hour: int) -> bool:
    """The same count for a client known only by its address (a WebSocket's `scope["client"]`).

    HTTP and WebSocket entry points of one feature pass the same `scope`, so they share one budget.
    """
    key = f"rl:{scope}:{address or 'unknown'}:{int(time.time() // 3600)}"
    if cache.add(key, 1, timeout=3700):
        return per_hour < 1
    try:
        return cache.incr(key) > per_hour
    except ValueError:
        return False
