"""Shared set-up for benchmarks: a fresh database (SQLite in a temp dir, or HAMDEL_DATABASE_URL)."""

from __future__ import annotations

import os
import statistics
import tempfile
from typing import Any


def setup_django(fresh_sqlite: bool = True, flush: bool = True) -> None:
    if fresh_sqlite and "HAMDEL_DATABASE_URL" not in os.environ:
        os.environ.setdefault("HAMDEL_DATA_DIR", tempfile.mkdtemp(prefix="hamdel-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if flush and os.environ.get("HAMDEL_DATABASE_URL", "").startswith("postgres"):
        call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", "--no-input", verbosity=0)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "max": round(ordered[-1], 1)}


def wsgi_post(handler: Any, body: str | bytes, key: str) -> None:
    """One key-authenticated POST /api/v1/inbound straight into a WSGI handler (no server, no cookie)."""
    from django.test import RequestFactory

    req = RequestFactory().post(
        "/api/v1/inbound",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_HOST="127.0.0.1",
    )
    req.environ.pop("HTTP_COOKIE", None)
    status: list[str] = []
    b"".join(handler(req.environ, lambda s, h: status.append(s)))
    assert status[0].startswith("201"), status
