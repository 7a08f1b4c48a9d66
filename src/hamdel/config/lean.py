"""The lean request path: API calls that carry an API key skip the browser's middleware.

A request to /api/ with `Authorization: Bearer …` or `X-API-Key` and no cookie has no session, no CSRF
token, no flash messages and no language cookie: loading and saving them is pure cost on the ingest path
(issue 11). Such requests run through a second middleware chain — settings.MIDDLEWARE minus the entries
in SKIPPED, so anything another feature adds (security headers, throttling) stays — and, under ASGI, on
one long-lived thread per process so the database connection persists (CONN_MAX_AGE) instead of being
opened anew by a fresh thread for every request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation

SKIPPED = frozenset(
    {
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "hamdel.core.middleware.PersianFirstLocaleMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django_htmx.middleware.HtmxMiddleware",
    }
)
API_PREFIX = "/api/"


def is_key_request(path: str, headers: Iterable[tuple[str, str]]) -> bool:
    """An API call authenticated by a key alone (a browser's call has a cookie and takes the full path)."""
    if not path.startswith(API_PREFIX):
        return False
    keyed = False
    for name, value in headers:
        if name == "cookie" and value.strip():
            return False
        if (name == "authorization" and value[:7].lower() == "bearer ") or name == "x-api-key":
            keyed = True
    return keyed


def lean_middleware() -> list[str]:
    return [m for m in settings.MIDDLEWARE if m not in SKIPPED] + ["hamdel.config.lean.KeyRequestDefaults"]


class KeyRequestDefaults:
    """What the skipped middleware would have set: an anonymous user until the key is checked, and the
    interface language (Persian), so error messages read the same as on the full path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = AnonymousUser()
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]  # no cookie, nothing to forge
        request._ninja_csrf_exempt = True  # type: ignore[attr-defined]
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response


def _load(handler: BaseHandler, is_async: bool) -> None:
    """BaseHandler reads settings.MIDDLEWARE; build this handler's chain from the lean list instead."""
    saved = settings.MIDDLEWARE
    settings.MIDDLEWARE = lean_middleware()
    try:
        BaseHandler.load_middleware(handler, is_async=is_async)
    finally:
        settings.MIDDLEWARE = saved


class LeanWSGIHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        _load(self, is_async=False)


class WSGIDispatcher:
    """The WSGI application: key-authenticated API calls take the lean chain, the rest the full one."""

    def __init__(self) -> None:
        self.full = WSGIHandler()
        self.lean = LeanWSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        headers = []
        if environ.get("HTTP_COOKIE"):
            headers.append(("cookie", environ["HTTP_COOKIE"]))
        if "HTTP_AUTHORIZATION" in environ:
            headers.append(("authorization", environ["HTTP_AUTHORIZATION"]))
        if "HTTP_X_API_KEY" in environ:
            headers.append(("x-api-key", ""))
        handler = self.lean if is_key_request(environ.get("PATH_INFO", ""), headers) else self.full
        return handler(environ, start_response)


class LeanASGIHandler(ASGIHandler):
    """Sync middleware and view on asgiref's one shared sync thread: one hop, a connection that persists."""

    def __init__(self) -> None:
        BaseHandler.__init__(self)
        _load(self, is_async=False)

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        # No ThreadSensitiveContext: it would give every request a new thread (and a new DB connection).
        await self.handle(scope, receive, send)

    async def run_get_response(self, request: HttpRequest) -> HttpResponseBase:
        if request.path in GROUPED_PATHS and getattr(settings, "HAMDEL_GROUP_COMMIT", False):
            # Single inbound calls run side by side so that the group committer can store them together
            # (connectors/group.py); each thread keeps its own persistent connection for the key check.
            loop = asyncio.get_running_loop()
            response = await loop.run_in_executor(_ingest_pool(), _in_pool, self.get_response, request)
        else:
            response = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        response._handler_class = self.__class__  # type: ignore[attr-defined]
        return response


GROUPED_PATHS = frozenset({"/api/v1/inbound"})
_pool: ThreadPoolExecutor | None = None


def _in_pool(
    get_response: Callable[[HttpRequest], HttpResponseBase], request: HttpRequest
) -> HttpResponseBase:
    """Django's request_started/finished run on the main sync thread: give this thread's connection the
    same between-requests care (CONN_MAX_AGE, health checks after an error)."""
    close_old_connections()
    try:
        return get_response(request)
    finally:
        close_old_connections()


def _ingest_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        threads = int(getattr(settings, "HAMDEL_INGEST_THREADS", 16))
        _pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="hamdel-ingest")
    return _pool


class ASGIDispatcher:
    """HTTP under ASGI: key-authenticated API calls to the lean handler, the rest to Django's own."""

    def __init__(self, full: Any) -> None:
        self.full = full
        self.lean = LeanASGIHandler()

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        headers = ((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope.get("headers", ()))
        app = self.lean if is_key_request(scope.get("path", ""), headers) else self.full
        await app(scope, receive, send)
