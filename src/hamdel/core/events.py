"""One dispatcher for domain events: listeners run as tasks after the transaction commits.

Services call `publish("message_created", message_id=…)`. Apps register listeners at start-up
(`listen("message_created", some_task)`); each listener is a django task enqueued on commit, so a rolled-back
change never triggers side effects and a slow listener never holds a request.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

_listeners: dict[str, list[Any]] = defaultdict(list)


def listen(event: str, task: Any) -> None:
    """Register a task (decorated with @task) to run when `event` is published."""
    if task not in _listeners[event]:
        _listeners[event].append(task)


def publish(event: str, **payload: Any) -> None:
    """Enqueue every listener of `event` once the surrounding transaction commits."""
    if _suppressed:
        return

    def _enqueue() -> None:
        for task in _listeners.get(event, []):
            try:
                task.enqueue(**payload)
            except Exception:  # a failing listener must not break the others or the request
                logger.exception("listener %s for %s failed", getattr(task, "name", task), event)

    transaction.on_commit(_enqueue)


_suppressed = False


class suppressed:
    """Skip listeners while bulk-loading historical data (demo, imports, benchmarks)."""

    def __enter__(self) -> None:
        global _suppressed
        self._previous, _suppressed = _suppressed, True

    def __exit__(self, *exc: object) -> None:
        global _suppressed
        _suppressed = self._previous
