"""The task backlog and how fast it drains (issue 11): ingest keeps acknowledging during a burst and the
workers catch up; an admin sees how far behind they are and when they will have caught up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WINDOW_SECONDS = 300


@dataclass(frozen=True)
class Backlog:
    waiting: int
    """Tasks due and not yet finished (ready or running)."""
    oldest_seconds: float | None
    """How long the oldest due task has waited."""
    drain_per_second: float
    """Tasks finished per second over the last five minutes."""

    @property
    def eta_seconds(self) -> float | None:
        """At the current rate, when the workers will have caught up (None: nothing is draining)."""
        if not self.waiting:
            return 0.0
        return self.waiting / self.drain_per_second if self.drain_per_second else None


def backlog() -> Backlog:
    """Two cheap queries on the task table (the database backend; other backends report nothing)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a dependency
        return Backlog(0, None, 0.0)
    now = timezone.now()
    due = DBTaskResult.objects.filter(status__in=("READY", "RUNNING"), run_after__lte=now)
    oldest = due.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    done = DBTaskResult.objects.filter(finished_at__gte=now - dt.timedelta(seconds=WINDOW_SECONDS)).count()
    return Backlog(
        waiting=due.count(),
        oldest_seconds=(now - oldest).total_seconds() if oldest else None,
        drain_per_second=round(done / WINDOW_SECONDS, 2),
    )
