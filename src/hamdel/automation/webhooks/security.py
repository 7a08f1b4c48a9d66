"""SSRF guard: a webhook URL must be http(s) and resolve only to public addresses.

Private, loopback, link-local, multicast, reserved and unspecified addresses are refused unless the
installation allows them (`HAMDEL_WEBHOOKS_ALLOW_PRIVATE=1`, for on-premise receivers on the same network).
The check runs when a subscription is saved and again before every attempt (a name can be re-pointed);
redirects are never followed, so a public URL cannot bounce a request inside.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeUrl(ValueError):
    """`code` is the stable reason: bad_scheme, no_host, unresolvable, private_address."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


def allow_private() -> bool:
    return bool(getattr(settings, "HAMDEL_WEBHOOKS_ALLOW_PRIVATE", False))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> list[str]:
    """The addresses to connect to; raise UnsafeUrl unless every address the host resolves to may be called.

    The sender connects to one of these very addresses (not to the name again), so a name re-pointed between
    the check and the connection (DNS rebinding) cannot reach a private address.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("bad_scheme")
    host = parts.hostname
    if not host:
        raise UnsafeUrl("no_host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeUrl("no_host", str(exc)) from exc
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise UnsafeUrl("unresolvable", str(exc)) from exc
    if not infos:
        raise UnsafeUrl("unresolvable")
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if allow_private():
        return addresses
    for address in addresses:
        if not _is_public(address):
            raise UnsafeUrl("private_address", address)
    return addresses
