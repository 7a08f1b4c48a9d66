"""Periodic tasks: apps register them; one scheduler enqueues them when due, the workers run them.

`hamdel serve` runs the scheduler as a thread. With several machines run exactly one `hamdel scheduler`
(or call the apps' management commands from cron); the work itself is ordinary tasks, so any worker runs it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass
class Periodic:
    task: Any
    seconds: int
    last: float = field(default=0.0)


_periodic: list[Periodic] = []


def every(seconds: int, task: Any) -> None:
    """Register `task` (a django task without arguments) to be enqueued every `seconds`."""
    if not any(p.task is task for p in _periodic):
        _periodic.append(Periodic(task, seconds))


def enqueue_due(now: float | None = None) -> list[str]:
    """Enqueue every task whose interval has passed; returns their names (for logs and tests)."""
    now = time.monotonic() if now is None else now
    done = []
    for item in _periodic:
        if item.last == 0.0 or now - item.last >= item.seconds:
            try:
                item.task.enqueue()
                done.append(getattr(item.task, "name", str(item.task)))
            except Exception:  # the next round tries again; a broken task must not stop the others
                logger.exception("could not enqueue %s", item.task)
            item.last = now
    return done


def run_forever(stop: threading.Event, tick_seconds: float = 30.0) -> None:
    while not stop.is_set():
        from django.db import close_old_connections

        close_old_connections()
        enqueue_due()
        stop.wait(tick_seconds)
