"""Background work: the periodic clustering run, survey scores copied for the loyalty view, and the
loyalty page's snapshots (the usual periods every few minutes, any other when a page asks)."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django.tasks import task

from hamdel.core.slots import snapshot_for
from hamdel.insights.problems import loyalty, services


@task()
def refresh_problems() -> int:
    """Every few minutes: place the complaints that arrived since the last run (nothing to do = no write)."""
    if not services.problems_stale():
        return 0
    return services.problems_refresh().placed


@task()
def record_survey(response_id: int, conversation_id: int | None = None) -> None:
    """survey.answered: keep the score for its customer, read through the feedback app's public snapshot."""
    snapshot = snapshot_for("response_id")
    data = snapshot.build(response_id) if snapshot else None
    services.survey_signal_record(response_id=response_id, snapshot=data)


@task()
def refresh_loyalty() -> int:
    """Every few minutes: the loyalty page's snapshots of this week, month and season, taken ahead."""
    return loyalty.snapshots_refresh()


@task()
def prepare_loyalty(start: str, end: str, limit: int) -> bool:
    """A page asked for a period whose figures are missing or stale: take its snapshot, unless another
    worker did meanwhile. Times are ISO strings (task arguments are JSON)."""
    taken = loyalty.loyalty_snapshot_take(
        start=dt.datetime.fromisoformat(start),
        end=dt.datetime.fromisoformat(end),
        limit=limit,
        if_older_than=loyalty.SNAPSHOT_SECONDS // 2,
    )
    return taken is not None


PREPARE_SECONDS = 60  # a process asks the worker for one period's figures at most this often


def loyalty_prepare(*, start: dt.datetime, end: dt.datetime, limit: int = loyalty.LIST_LIMIT) -> bool:
    """The loyalty page found no snapshot, or a stale one: ask the worker to take it, once per
    PREPARE_SECONDS per process (a page polling while it waits asks once; the task skips a snapshot that
    is fresh by then). After commit, as every enqueue. True when asked."""
    marker = f"insights:loyalty:preparing:{start.isoformat()}:{end.isoformat()}:{limit}"
    if not cache.add(marker, 1, PREPARE_SECONDS):
        return False
    transaction.on_commit(lambda: prepare_loyalty.enqueue(start.isoformat(), end.isoformat(), limit))
    return True
