"""One HTTP attempt of one delivery: no redirects, a timeout, the SSRF check just before connecting."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from hamdel.automation.webhooks.security import UnsafeUrl, check_url
from hamdel.automation.webhooks.signing import signature

USER_AGENT = "Hamdel-Webhooks/1"


@dataclass(frozen=True)
class Attempt:
    ok: bool
    retryable: bool
    status: int | None = None
    duration_ms: int = 0
    excerpt: str = ""
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a 3xx is answered as-is (and counts as a failure), never followed


_opener = urllib.request.build_opener(_NoRedirect)


def send(*, url: str, secret: str, delivery_id: str, event: str, body: bytes) -> Attempt:
    try:
        check_url(url)
    except UnsafeUrl as exc:
        return Attempt(ok=False, retryable=exc.code == "unresolvable", error=f"refused: {exc.code}")
    request = urllib.request.Request(  # noqa: S310 - the scheme and address were checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Hamdel-Event": event,
            "X-Hamdel-Delivery": delivery_id,
            "X-Hamdel-Signature": signature(secret, body, int(time.time())),
        },
    )
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=settings.HAMDEL_WEBHOOKS_TIMEOUT) as response:
            excerpt = response.read(500).decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(500).decode("utf-8", "replace") if exc.fp else ""
        return Attempt(
            ok=False,
            retryable=exc.code >= 500 or exc.code == 429,
            status=exc.code,
            duration_ms=_ms(started),
            excerpt=excerpt,
            error=f"HTTP {exc.code}",
        )
    except (OSError, urllib.error.URLError, ValueError) as exc:  # refused, reset, timeout, TLS
        return Attempt(ok=False, retryable=True, duration_ms=_ms(started), error=str(exc)[:500])
    ok = 200 <= status < 300
    return Attempt(
        ok=ok,
        retryable=False,
        status=status,
        duration_ms=_ms(started),
        excerpt=excerpt,
        error="" if ok else f"HTTP {status}",
    )


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
