"""The lean inbound front (issue 11): a well-formed, key-authenticated `POST /api/v1/inbound` answered
without Django's request cycle.

The single inbound call is the one request a busy integration sends thousands of times a second. Around
its store (~1 ms) Django spent about as much again: building the request, the middleware, URL resolution,
ninja, the API-key query and a thread hop into group commit. This front sits before the Django application
(ASGI and WSGI) and, for the common case only, does the same work directly:

- the API key comes from a per-process cache of keys checked in the last HAMDEL_API_KEY_CACHE_SECONDS
  (default 10; a revoked or deactivated key stops working here within that many seconds — docs/security.md);
  a key not in the cache is checked by the same `api_key_authenticate` and staff-role rule as the API;
- the raw body goes to the group committer exactly as the Django view hands it (connectors/group.py): the
  envelope is stored and committed before parsing, the same parser validates it, and the answer is sent
  only after the ingest's transaction has committed. Under ASGI the request awaits the commit on the event
  loop (no thread per request);
- the answer's body is rendered by the API's own renderer and error shape (config/api.py), and its headers
  are those the lean middleware chain gives the same response (computed once per process by running that
  chain on a stub view), so a client cannot tell the two paths apart (tests/connectors/test_inbound_front.py).

Anything else falls through to Django untouched: another path or method, a cookie (a browser), no key or a
key the cache does not hold and the check refuses, a disallowed host, a body over HAMDEL_MAX_BODY_BYTES,
HTTPS redirects, group commit switched off. HAMDEL_INBOUND_FRONT=0 switches the front off.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from http import HTTPStatus
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse
from django.http.request import HttpHeaders, split_domain_port, validate_host
from django.utils import translation
from django.utils.translation import gettext as _

from hamdel.connectors import group
from hamdel.conversations.types import IngestResult
from hamdel.core.errors import ApplicationError

request_logger = logging.getLogger("django.request")

PATH = "/api/v1/inbound"
Headers = list[tuple[str, str]]
stats = {"answered": 0}
"""Calls this process's front answered itself (the rest went to Django)."""


# --- the key cache --------------------------------------------------------------------------------------


class KeyCache:
    """Keys that passed the API's check recently, by the SHA-256 of the presented secret. Only accepted
    keys are kept: a refused key always takes the API's path (and its 401/403)."""

    MAX = 1000

    def __init__(self) -> None:
        self.until: dict[str, float] = {}
        self.lock = threading.Lock()
        self.clock: Callable[[], float] = time.monotonic

    @staticmethod
    def ttl() -> float:
        return float(getattr(settings, "HAMDEL_API_KEY_CACHE_SECONDS", 10))

    def known(self, token: str) -> bool:
        until = self.until.get(_digest(token))
        return until is not None and until > self.clock()

    def check(self, token: str) -> bool:
        """The API's own rule (accounts.services.api_key_authenticate + a role the permission table knows);
        an accepted key is remembered for ttl() seconds. Runs a query: call it off the event loop."""
        from hamdel.accounts.services import api_key_authenticate
        from hamdel.core.permissions import role_of

        close_old_connections()  # as at a request's start: a connection that died is replaced
        key = api_key_authenticate(token)
        ok = key is not None and role_of(key.user) is not None
        ttl = self.ttl()
        with self.lock:
            if ok and ttl > 0:
                if len(self.until) >= self.MAX:
                    self.until.clear()
                self.until[_digest(token)] = self.clock() + ttl
            else:
                self.until.pop(_digest(token), None)
        return ok

    def clear(self) -> None:
        with self.lock:
            self.until.clear()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


keys = KeyCache()


# --- what the front takes --------------------------------------------------------------------------------


def enabled() -> bool:
    return bool(getattr(settings, "HAMDEL_INBOUND_FRONT", True)) and group.enabled()


def _token(headers: dict[str, str]) -> str | None:
    """The key as ninja's auth reads it: `Authorization: Bearer …` first, then `X-API-Key`."""
    auth = headers.get("HTTP_AUTHORIZATION")
    if auth is not None:
        parts = auth.split(" ")
        if parts[0].lower() == "bearer":
            return " ".join(parts[1:])
    return headers.get("HTTP_X_API_KEY") or None


def _secure(meta: dict[str, str], scheme: str) -> bool:
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy and proxy[0] in meta:
        return bool(meta[proxy[0]] == proxy[1])
    return scheme == "https"


def _host_ok(meta: dict[str, str]) -> bool:
    """Django's own Host check (request.get_host): a bad host falls through and gets Django's 400."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return False
    host = meta.get("HTTP_HOST")
    if not host:
        return False
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


def _take(meta: dict[str, str], scheme: str) -> tuple[str, bool] | None:
    """(key, secure) when the front may answer this request from its headers; None: Django answers."""
    if not enabled() or meta.get("HTTP_COOKIE", "").strip():
        return None
    token = _token(meta)
    if not token or not _host_ok(meta):
        return None
    secure = _secure(meta, scheme)
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None
    length = meta.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > settings.HAMDEL_MAX_BODY_BYTES:
        return None
    return token, secure


def _kept_headers(meta: dict[str, str]) -> dict[str, str]:
    """What connectors.api keeps on the envelope: the request's headers, never its credentials."""
    return {
        k: v
        for k, v in HttpHeaders(meta).items()
        if k.lower() not in {"authorization", "cookie", "x-api-key"}
    }


# --- the answer --------------------------------------------------------------------------------------------


def _answer(outcome: IngestResult | ApplicationError | BaseException) -> tuple[int, bytes, Headers] | None:
    """(status, body, extra headers) as the API would answer; None for an error only Django can render."""
    from hamdel.config.api import RETRY_AFTER_SECONDS, api, error_body, is_busy
    from hamdel.connectors.api import InboundOut

    extra: Headers = []
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(outcome, IngestResult):
            status = 201 if outcome.created else 200
            data: Any = InboundOut(**outcome.__dict__).model_dump()
        elif isinstance(outcome, ApplicationError):
            status = outcome.status
            data = error_body(_(outcome.message), outcome.extra, outcome.status, outcome.code)
        elif isinstance(outcome, OperationalError) and is_busy(outcome):
            status = 429
            data = error_body(
                _("The server is busy; retry shortly."), {"retry_after": RETRY_AFTER_SECONDS}, 429, "busy"
            )
            extra = [("Retry-After", str(RETRY_AFTER_SECONDS))]
        else:
            return None
    body = api.renderer.render(None, data, response_status=status)  # type: ignore[arg-type]
    if status >= 400:  # the warning Django's handler logs for a refusal ("Unprocessable Entity: /api/…")
        request_logger.warning("%s: %s", HTTPStatus(status).phrase, PATH, extra={"status_code": status})
    return status, body.encode("utf-8"), extra


_templates: dict[bool, Headers] = {}


class _StubURLs:
    """A one-route URLconf for computing the lean chain's response headers."""

    @property
    def urlpatterns(self) -> list[Any]:
        from django.urls import path

        return [path(PATH.lstrip("/"), _stub_view)]


def _stub_view(request: HttpRequest) -> HttpResponse:
    from hamdel.config.api import api

    return HttpResponse(b"{}", status=201, content_type=api.get_content_type())


def _template(secure: bool, host: str) -> Headers:
    """The headers the lean middleware chain puts on an API JSON answer, in its order; Content-Length
    and Retry-After are filled per answer."""
    if secure not in _templates:
        from django.core.handlers.wsgi import WSGIRequest

        from hamdel.config.lean import LeanWSGIHandler

        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": PATH,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "443" if secure else "80",
            "HTTP_HOST": host,
            "CONTENT_LENGTH": "0",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.url_scheme": "https" if secure else "http",
        }
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy and secure:
            environ[proxy[0]] = proxy[1]
        request = WSGIRequest(environ)
        request.urlconf = _StubURLs()  # type: ignore[assignment]  # an object with urlpatterns works
        response = LeanWSGIHandler().get_response(request)
        _templates[secure] = [(k, v) for k, v in response.items()]
    return _templates[secure]


def _headers(secure: bool, host: str, body: bytes, extra: Headers) -> Headers:
    out: Headers = []
    for name, value in _template(secure, host):
        if name == "Content-Length":
            value = str(len(body))
        out.append((name, value))
        if name == "Content-Type":
            out.extend(extra)
    return out


# --- ASGI ---------------------------------------------------------------------------------------------

ASGIApp = Callable[
    [dict[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]
]


def _asgi_meta(scope: dict[str, Any]) -> dict[str, str]:
    """request.META's header part, built the way Django's ASGIRequest builds it."""
    grouped: dict[str, list[str]] = {}
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin1").lower()
        if "_" in name:
            continue
        if name == "content-length":
            key = "CONTENT_LENGTH"
        elif name == "content-type":
            key = "CONTENT_TYPE"
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
        value = raw_value.decode("latin1")
        if key == "HTTP_COOKIE":
            value = value.rstrip("; ")
        grouped.setdefault(key, []).append(value)
    meta = {k: ",".join(v) for k, v in grouped.items() if k != "HTTP_COOKIE"}
    if "HTTP_COOKIE" in grouped:
        meta["HTTP_COOKIE"] = "; ".join(grouped["HTTP_COOKIE"])
    return meta


class InboundFront:
    """ASGI: answers the common single inbound call itself; everything else goes to `app`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope.get("type") != "http" or scope.get("path") != PATH or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        meta = _asgi_meta(scope)
        taken = _take(meta, scope.get("scheme", "http"))
        if taken is None:
            await self.app(scope, receive, send)
            return
        token, secure = taken
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = message.get("more_body", False)
            if size > settings.HAMDEL_MAX_BODY_BYTES:  # longer than announced: Django's 413 path
                await self.app(scope, _replay(b"".join(chunks), more, receive), send)
                return
        body = b"".join(chunks)
        if not keys.known(token) and not await sync_to_async(keys.check, thread_sensitive=True)(token):
            await self.app(scope, _replay(body, False, receive), send)
            return
        received = ("api", body, _kept_headers(meta))
        try:
            outcome: Any = await group.committer().submit_async(received, settings.LANGUAGE_CODE)
        except Exception as exc:  # the database failed the group: 429 when busy, else Django's 500
            outcome = exc
        answer = _answer(outcome)
        if answer is None:  # an unexpected database error: logged as Django logs it, then the server's 500
            request_logger.error("Internal Server Error: %s", PATH, exc_info=outcome)
            raise outcome
        status, content, extra = answer
        stats["answered"] += 1
        if secure not in _templates:  # once per process: runs the middleware chain (sync code)
            await sync_to_async(_template, thread_sensitive=True)(secure, meta["HTTP_HOST"])
        headers = _headers(secure, meta["HTTP_HOST"], content, extra)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode("ascii"), v.encode("latin1")) for k, v in headers],
            }
        )
        await send({"type": "http.response.body", "body": content, "more_body": False})


def _replay(body: bytes, more: bool, receive: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """A `receive` that gives back the body already read, then the rest of the original."""
    given = False

    async def replay() -> dict[str, Any]:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


# --- WSGI ---------------------------------------------------------------------------------------------


def wsgi_answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
    """WSGI: the same for `granian-wsgi` and other WSGI servers; None means Django answers (and reads
    the body, which is put back if the front read it)."""
    if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST":
        return None
    meta = {
        k: v
        for k, v in environ.items()
        if isinstance(v, str) and (k.startswith("HTTP_") or k.startswith("CONTENT_"))
    }
    taken = _take(meta, environ.get("wsgi.url_scheme", "http"))
    if taken is None:
        return None
    token, secure = taken
    body = environ["wsgi.input"].read(int(meta.get("CONTENT_LENGTH") or 0))
    if not keys.known(token) and not keys.check(token):
        environ["wsgi.input"] = io.BytesIO(body)
        return None
    try:
        outcome: Any = group.committer().submit_result(
            ("api", body, _kept_headers(meta)), settings.LANGUAGE_CODE
        )
    except Exception as exc:
        outcome = exc
    answer = _answer(outcome)
    if answer is None:
        request_logger.error("Internal Server Error: %s", PATH, exc_info=outcome)
        raise outcome
    status, content, extra = answer
    stats["answered"] += 1
    start_response(
        f"{status} {HTTPStatus(status).phrase}", _headers(secure, meta["HTTP_HOST"], content, extra)
    )
    return [content]


class InboundFrontWSGI:
    """WSGI: answers the common single inbound call itself; everything else goes to `app`."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        answered = wsgi_answer(environ, start_response)
        return answered if answered is not None else self.app(environ, start_response)
