"""The backlog section of the status page: waiting tasks, their age and the drain rate (issue 11)."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hamdel.core.backlog import backlog


def _task(status: str, **times: dt.datetime) -> None:
    now = timezone.now()
    DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="hamdel.x",
        queue_name="default",
        backend_name="default",
        run_after=times.pop("run_after", now - dt.timedelta(seconds=1)),
        **times,
    )


def test_backlog_counts_due_work_and_the_rate_it_drains(db: None) -> None:
    now = timezone.now()
    for _ in range(3):
        _task("READY")
    _task("READY", run_after=now + dt.timedelta(hours=1))  # a retry later is not backlog
    for _ in range(60):
        _task("SUCCESSFUL", finished_at=now - dt.timedelta(seconds=30))
    _task("SUCCESSFUL", finished_at=now - dt.timedelta(hours=1))
    figures = backlog()
    assert figures.waiting == 3
    assert figures.drain_per_second == 0.2  # 60 in five minutes
    assert figures.eta_seconds == 15
    html = Template("{% load backlog %}{% task_backlog %}").render(Context({}))
    assert "۳" in html and "۱۵" in html  # Persian digits, as everywhere


def test_no_worker_draining_is_said_plainly(db: None) -> None:
    _task("READY")
    assert backlog().eta_seconds is None
    assert "هیچ کارگری" in Template("{% load backlog %}{% task_backlog %}").render(Context({}))
