"""Small HTTP helpers for provider APIs (stdlib only): JSON and multipart POSTs with clear failures."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except json.JSONDecodeError:
            return None


def request(
    url: str,
    *,
    data: bytes | None = None,
    content_type: str = "",
    method: str = "POST",
    timeout: float = 20,
) -> HttpAnswer:
    """One HTTP call; an HTTP error status is an answer (the caller decides), a network failure raises."""
    headers = {"Content-Type": content_type} if content_type else {}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - operator's URL
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            return HttpAnswer(response.status, response.read())
    except urllib.error.HTTPError as exc:
        return HttpAnswer(exc.code, exc.read() or b"")


def post_json(url: str, payload: dict[str, Any], timeout: float = 20) -> HttpAnswer:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return request(url, data=body, content_type="application/json", timeout=timeout)


def post_form(url: str, fields: dict[str, Any], timeout: float = 20) -> HttpAnswer:
    body = urllib.parse.urlencode({k: v for k, v in fields.items() if v is not None}).encode()
    return request(url, data=body, content_type="application/x-www-form-urlencoded", timeout=timeout)


def post_multipart(
    url: str, fields: dict[str, str], file_field: str, filename: str, content_type: str, data: bytes
) -> HttpAnswer:
    boundary = "hamdel" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    quoted = urllib.parse.quote(filename)
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{quoted}"; '
            f"filename*=UTF-8''{quoted}\r\nContent-Type: {content_type}\r\n\r\n"
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return request(url, data=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")
