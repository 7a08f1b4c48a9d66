"""Crash recovery: work that a killed process left half-done reaches a final state anyway.

Three kinds of loose ends survive a `kill -9`:
- a task row left RUNNING by a worker that died (django-tasks-db never looks at it again);
- work whose task was never queued (a kill between a commit and its on-commit enqueue);
- work that is queued but waits too long (too few workers).

Every worker beats (`WorkerBeat`) every `HAMDEL_TASK_LEASE_SECONDS / 4`. A RUNNING task whose worker has not
beaten for a lease (or whose process is gone, on this machine) is put back to READY, at worker start and
every `HAMDEL_RECOVERY_SECONDS`; after `MAX_RUNS` runs that all died it is marked FAILED instead (a task
that kills its worker must not kill every worker in turn). Apps add their own checks with
`probe_register(Probe(...))` (connectors: envelopes left `received`; conversations: messages without
analysis); `recover()` runs every repair, `figures()` feeds `hamdel doctor` and the admin status page.
Every repaired task is safe to run twice, so a repair may race the original without harm.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult, get_date_max

from hamdel.core.models import WorkerBeat

logger = logging.getLogger(__name__)

MAX_RUNS = 5
"""A task started this many times by workers that all died is marked FAILED (a poison task)."""

Severity = Literal["stuck", "failed", "lagging"]


@dataclass(frozen=True)
class Probe:
    """One figure of `hamdel doctor`; `repair` (optional) queues the missing work and says how much."""

    key: str
    label: Any  # a lazy translation
    severity: Severity
    count: Callable[[], int]
    repair: Callable[[], int] | None = None


_probes: dict[str, Probe] = {}


def probe_register(probe: Probe) -> None:
    """Add a check from an app's `ready()` (the app owns the model it counts)."""
    _probes[probe.key] = probe


def lease_seconds() -> float:
    return float(getattr(settings, "HAMDEL_TASK_LEASE_SECONDS", 60))


def cutoff() -> dt.datetime:
    """Work older than a lease that has not moved is late: younger work may still be in someone's hands."""
    return timezone.now() - dt.timedelta(seconds=lease_seconds())


# --- workers -------------------------------------------------------------------------------------------


def worker_id_new(prefix: str = "w") -> str:
    """Unique across machines and restarts, and readable in the task rows (host:pid:random)."""
    return f"{prefix}:{socket.gethostname()[:30]}:{os.getpid()}:{get_random_string(6)}"[:64]


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "beat_at": timezone.now()},
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def live_workers() -> set[str]:
    """Workers that beat within a lease; on this machine, also only those whose process still exists."""
    host = socket.gethostname()[:255]
    alive = set()
    for worker_id, beat_host, pid in WorkerBeat.objects.filter(beat_at__gte=cutoff()).values_list(
        "worker_id", "host", "pid"
    ):
        if beat_host == host and not _pid_alive(pid):
            continue
        alive.add(worker_id)
    return alive


def forget_dead_workers() -> int:
    """Old heartbeats are only noise on the status page: keep a day of them."""
    return WorkerBeat.objects.filter(beat_at__lt=timezone.now() - dt.timedelta(days=1)).delete()[0]


# --- tasks ---------------------------------------------------------------------------------------------


def _running_orphans() -> list[DBTaskResult]:
    """RUNNING rows whose worker is known to be gone; a worker that never beat (a plain `db_worker`) gets a
    lease from the task's start instead."""
    alive = live_workers()
    known = set(WorkerBeat.objects.values_list("worker_id", flat=True))
    orphans = []
    for task in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        owner = task.worker_ids[-1] if task.worker_ids else ""
        if owner in alive:
            continue
        if owner not in known and task.started_at and task.started_at > cutoff():
            continue
        orphans.append(task)
    return orphans


def tasks_stuck() -> int:
    """RUNNING rows whose worker is gone."""
    return len(_running_orphans())


def tasks_requeue() -> int:
    """Put the orphans back to READY (or FAILED after MAX_RUNS deaths); returns how many were touched."""
    touched = 0
    for task in _running_orphans():
        # Conditional on the row still being what we saw: two recoveries at once touch it once.
        same = DBTaskResult.objects.filter(pk=task.pk, status="RUNNING", worker_ids=task.worker_ids)
        if len(task.worker_ids) >= MAX_RUNS:
            touched += same.update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path="hamdel.core.recovery.WorkerDied",
                traceback=f"The worker died {len(task.worker_ids)} times while running this task.",
            )
        else:
            touched += same.update(status="READY", started_at=None)
    if touched:
        logger.warning("recovery: %s task(s) of dead workers queued again", touched)
    return touched


def tasks_failed_recently(hours: int = 24) -> int:
    return (
        DBTaskResult.objects.failed()
        .filter(finished_at__gte=timezone.now() - dt.timedelta(hours=hours))
        .count()
    )


def tasks_lagging() -> int:
    """READY tasks that were due more than a lease ago and no worker has picked up."""
    late = cutoff()
    return (
        DBTaskResult.objects.filter(status="READY", enqueued_at__lt=late).filter(run_after__lt=late).count()
        + DBTaskResult.objects.filter(status="READY", enqueued_at__lt=late, run_after=get_date_max()).count()
    )


def pending_calls(task: Any) -> list[dict[str, Any]]:
    """The args/kwargs of every READY or RUNNING run of `task` (a repair skips what is already queued)."""
    return list(
        DBTaskResult.objects.filter(task_path=task.module_path, status__in=("READY", "RUNNING")).values_list(
            "args_kwargs", flat=True
        )
    )


# --- the whole ----------------------------------------------------------------------------------------


def _task_probes() -> list[Probe]:
    return [
        Probe("tasks_stuck", _("Tasks whose worker died"), "stuck", tasks_stuck, tasks_requeue),
        Probe("tasks_failed", _("Tasks failed in the last 24 hours"), "failed", tasks_failed_recently),
        Probe("tasks_lagging", _("Tasks waiting longer than a lease"), "lagging", tasks_lagging),
        Probe(
            "tasks_ready",
            _("Tasks queued"),
            "lagging",
            lambda: DBTaskResult.objects.filter(status="READY").count(),
        ),
        Probe("workers_alive", _("Workers alive"), "lagging", lambda: len(live_workers())),
    ]


def probes() -> list[Probe]:
    return [*_task_probes(), *_probes.values()]


def recover() -> dict[str, int]:
    """Run every repair once; the dead workers' tasks first, so the app repairs see them queued again."""
    done: dict[str, int] = {}
    for probe in probes():
        if probe.repair is None:
            continue
        try:
            done[probe.key] = probe.repair()
        except Exception:  # one broken repair must not stop the others; the next round tries again
            logger.exception("recovery %s failed", probe.key)
    forget_dead_workers()
    return done


def figures() -> list[dict[str, Any]]:
    """Every probe's count, for `hamdel doctor` and the status page."""
    rows = []
    for probe in probes():
        try:
            count: int | None = probe.count()
        except Exception:
            logger.exception("probe %s failed", probe.key)
            count = None
        rows.append({"key": probe.key, "label": str(probe.label), "severity": probe.severity, "count": count})
    return rows


def is_stuck(rows: list[dict[str, Any]]) -> bool:
    return any(r["severity"] == "stuck" and (r["count"] is None or r["count"] > 0) for r in rows)


# --- the worker ----------------------------------------------------------------------------------------


def _beat_forever(worker_id: str, stop: threading.Event) -> None:
    """Beat every quarter lease; run the recovery every HAMDEL_RECOVERY_SECONDS (start_heartbeat ran one)."""
    every = float(getattr(settings, "HAMDEL_RECOVERY_SECONDS", 60))
    step = max(0.5, lease_seconds() / 4)
    last_recovery = time.monotonic()
    while not stop.wait(step):
        try:
            close_old_connections()
            beat(worker_id)
            if time.monotonic() - last_recovery >= every:
                last_recovery = time.monotonic()
                recover()
        except Exception:  # a locked database or a restart of PostgreSQL: try again next beat
            logger.exception("heartbeat of %s failed", worker_id)


def make_worker(
    worker_id: str,
    interval: float = 0.5,
    queues: list[str] | None = None,
    excluded: list[str] | None = None,
) -> Any:
    """A django-tasks-db worker (every queue unless told), with our id (so its heartbeats name its tasks);
    it runs a backlog of one kind of event in batches (core/drain.py)."""
    from hamdel.core.drain import BatchingWorker

    return BatchingWorker(
        queue_names=queues or ["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=excluded or [],
    )


def start_heartbeat(worker_id: str) -> threading.Event:
    """Beat and recover in a daemon thread; the first recovery runs before this returns."""
    beat(worker_id)
    recover()
    stop = threading.Event()
    threading.Thread(
        target=_beat_forever, args=(worker_id, stop), name="hamdel-heartbeat", daemon=True
    ).start()
    return stop


def run_worker(
    *,
    prefix: str = "worker",
    interval: float = 0.5,
    signals: bool = True,
    queues: list[str] | None = None,
    excluded: list[str] | None = None,
) -> None:
    """`hamdel worker`: recover what dead workers left, then run tasks until SIGTERM/SIGINT.

    A worker keeps its database connection between tasks (reconnecting for every task halves its speed
    on PostgreSQL); the health check replaces a connection that died with a restarted server.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    db = connections.settings[DEFAULT_DB_ALIAS]
    db["CONN_MAX_AGE"] = max(db.get("CONN_MAX_AGE") or 0, 300)
    worker_id = worker_id_new(prefix)
    stop = start_heartbeat(worker_id)
    worker = make_worker(worker_id, interval, queues, excluded)
    if signals:
        worker.configure_signals()
    try:
        worker.run()
    finally:
        stop.set()


def start_worker_thread(
    prefix: str = "serve", queues: list[str] | None = None, excluded: list[str] | None = None
) -> threading.Thread:
    """A worker thread inside a web process (`hamdel serve`), with its heartbeat thread beside it."""
    worker_id = worker_id_new(prefix)
    start_heartbeat(worker_id)
    worker = make_worker(worker_id, queues=queues, excluded=excluded)
    thread = threading.Thread(target=worker.run, name="hamdel-worker", daemon=True)
    thread.start()
    return thread
