"""One dispatcher for domain events: listeners run in a task after the transaction commits.

Services call `publish("message_created", message_id=…)`. Apps register listeners at start-up
(`listen("message_created", some_task)`); one dispatch task is enqueued on commit, so a rolled-back
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
    """Register a task (or a plain function) to run, in the worker, when `event` is published."""
    if task not in _listeners[event]:
        _listeners[event].append(task)


def publish(event: str, **payload: Any) -> None:
    """Once the surrounding transaction commits, enqueue one task that runs every listener of `event`.

    One task per event (not per listener) keeps the write cost of a busy ingest path low; a listener that
    needs its own retries (delivery) enqueues its own task from there.
    """
    if _suppressed or not _listeners.get(event):
        return
    from hamdel.core.tasks import dispatch

    transaction.on_commit(lambda: dispatch.enqueue(event, payload))


def run_listeners(event: str, payload: dict[str, Any]) -> None:
    for listener in _listeners.get(event, []):
        try:
            listener.call(**payload) if hasattr(listener, "call") else listener(**payload)
        except Exception:  # one failing listener must not stop the others
            logger.exception("listener %s for %s failed", getattr(listener, "name", listener), event)


_suppressed = False


class suppressed:
    """Skip listeners while bulk-loading historical data (demo, imports, benchmarks)."""

    def __enter__(self) -> None:
        global _suppressed
        self._previous, _suppressed = _suppressed, True

    def __exit__(self, *exc: object) -> None:
        global _suppressed
        _suppressed = self._previous
