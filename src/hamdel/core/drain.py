"""Draining a backlog in batches (issue 11): one worker turn runs many queued events of one kind at once.

A burst of inbound messages leaves one `dispatch` task per event in the queue. Run one by one, every event
pays for its task's claim and finish, and every listener does its fixed work (a model call, a facts
rewrite, a transaction) for a single row. When the worker claims a `dispatch` task whose event has
listeners with a batch form (`listen(..., many=...)`), it claims up to HAMDEL_DISPATCH_BATCH - 1 more
ready `dispatch` tasks of the same event in the same claim, and runs them through
`events.run_listeners_many`: the language models see the texts as one batch, the insights facts are
rewritten in one transaction.

Nothing changes for durability: the tasks are claimed RUNNING with this worker's id (crash recovery puts a
dead worker's tasks back, core/recovery.py) and marked SUCCESSFUL together after the batch ran; every batch
form is idempotent like its task (the first stored analysis wins), so a batch run twice is harmless.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from hamdel.core import events


def batch_size() -> int:
    return max(1, int(getattr(settings, "HAMDEL_DISPATCH_BATCH", 64)))


class BatchingWorker(Worker):
    """django-tasks-db's worker, running queued events of one kind in batches."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        event = _event_of(db_task_result)
        size = batch_size()
        if event is None or size <= 1 or not events.batches(event):
            super().run_task(db_task_result)
            return
        batch = [db_task_result, *self._claim_more(event, size - 1)]
        if len(batch) == 1:
            super().run_task(db_task_result)
            return
        try:
            self.running_task = True
            events.run_listeners_many(event, [r.args_kwargs["args"][1] for r in batch])
        except BaseException as exc:  # the batch as a whole broke (the database): each task says so
            for result in batch:
                result.set_failed(exc)
            if not isinstance(exc, Exception):
                raise
        else:
            DBTaskResult.objects.filter(pk__in=[r.pk for r in batch]).update(
                status="SUCCESSFUL",
                finished_at=timezone.now(),
                return_value=None,
                exception_class_path="",
                traceback="",
            )
        finally:
            self.running_task = False
            self._run_tasks += len(batch)

    def _claim_more(self, event: str, limit: int) -> list[DBTaskResult]:
        """Up to `limit` more ready dispatch tasks of `event`, claimed as the worker claims one."""
        tasks = DBTaskResult.objects.ready().filter(
            backend_name=self.backend_name, task_path=DISPATCH, args_kwargs__args__0=event
        )
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                claimed = list(tasks.select_for_update(skip_locked=True)[:limit])
                now = timezone.now()
                for result in claimed:
                    result.status = "RUNNING"
                    result.started_at = now
                    result.worker_ids = [*result.worker_ids, self.worker_id]
                DBTaskResult.objects.bulk_update(claimed, ["status", "started_at", "worker_ids"])
        except OperationalError as exc:  # the database is busy: run the one task already claimed
            if not is_locked_database_exception(exc):
                raise
            return []
        return claimed


DISPATCH = events.dispatch.module_path


def _event_of(result: DBTaskResult) -> str | None:
    if result.task_path != DISPATCH:
        return None
    args: Any = (result.args_kwargs or {}).get("args") or []
    return args[0] if len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], dict) else None
