"""Shared set-up for benchmarks: a fresh database (SQLite in a temp dir, or HAMDEL_DATABASE_URL)."""

from __future__ import annotations

import os
import statistics
import tempfile


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
