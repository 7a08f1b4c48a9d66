"""One HTTP attempt of one delivery: the SSRF check, then a connection to the checked address itself.

http.client never follows redirects (a 3xx is answered as-is and counts as a failure), and connecting to
the address `check_url` approved — with the name kept for the Host header, TLS SNI and certificate check —
closes the gap a re-pointed DNS name (rebinding) would otherwise open between the check and the request.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

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


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def send(*, url: str, secret: str, delivery_id: str, event: str, body: bytes) -> Attempt:
    try:
        addresses = check_url(url)
    except UnsafeUrl as exc:
        return Attempt(ok=False, retryable=exc.code == "unresolvable", error=f"refused: {exc.code}")
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Hamdel-Event": event,
        "X-Hamdel-Delivery": delivery_id,
        "X-Hamdel-Signature": signature(secret, body, int(time.time())),
    }
    timeout = settings.HAMDEL_WEBHOOKS_TIMEOUT
    connection_class = _PinnedHTTPS if https else _PinnedHTTP
    connection = connection_class(host, port, addresses[0], timeout)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
        excerpt = response.read(500).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException, ValueError) as exc:  # refused, reset, timeout, TLS
        return Attempt(
            ok=False, retryable=True, duration_ms=_ms(started), error=str(exc)[:500] or type(exc).__name__
        )
    finally:
        connection.close()
    ok = 200 <= status < 300
    return Attempt(
        ok=ok,
        retryable=status >= 500 or status == 429,
        status=status,
        duration_ms=_ms(started),
        excerpt=excerpt,
        error="" if ok else f"HTTP {status}",
    )


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
