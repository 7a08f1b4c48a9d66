"""Group commit for single inbound calls (issue 11): concurrent `POST /api/v1/inbound` share one writer.

Each request thread hands its raw body to the process's one committer thread and waits. The committer
takes every call that is waiting (up to HAMDEL_GROUP_COMMIT_MAX) and runs them through the batch path,
`pipeline.receive_many`: the envelopes in one committed insert, then one transaction that ingests them
set-wise. Each request is answered only after that transaction has committed, with exactly the result or
the error a call of its own would have had: nothing is acknowledged before it is durable. Under no
concurrency a group is one call and nobody waits for a window; under load, the calls that arrive while a
group commits form the next group, so the commits per message fall as the load rises.

On SQLite this also leaves one writer per process instead of a queue of requests waiting for the write lock.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import translation

from hamdel.connectors.pipeline import Received, receive_many
from hamdel.conversations.types import IngestResult
from hamdel.core.errors import ApplicationError

logger = logging.getLogger(__name__)


class _Call:
    __slots__ = ("future", "language", "received")

    def __init__(self, received: Received, language: str) -> None:
        self.received = received
        self.language = language
        self.future: Future[IngestResult | ApplicationError] = Future()


class GroupCommitter:
    def __init__(self, max_items: int, window: float = 0.002) -> None:
        self.max_items = max_items
        self.window = window
        self.calls: queue.SimpleQueue[_Call] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.groups = 0
        self.items = 0

    def submit(self, received: Received) -> IngestResult:
        """Store one call in the next group; return its result or raise its error once it is committed."""
        call = _Call(received, translation.get_language() or settings.LANGUAGE_CODE)
        self._ensure_thread()
        self.calls.put(call)
        outcome = call.future.result()
        if isinstance(outcome, ApplicationError):
            raise outcome
        return outcome

    def submit_result(self, received: Received, language: str) -> IngestResult | ApplicationError:
        """`submit` that returns the error instead of raising it (the WSGI front, config/front.py)."""
        call = _Call(received, language)
        self._ensure_thread()
        self.calls.put(call)
        return call.future.result()

    async def submit_async(self, received: Received, language: str) -> IngestResult | ApplicationError:
        """The same from an event loop: the caller awaits the commit without a thread of its own (the lean
        inbound front, config/front.py). Returns the error instead of raising it; database errors raise."""
        call = _Call(received, language)
        self._ensure_thread()
        self.calls.put(call)
        return await asyncio.wrap_future(call.future)

    def _ensure_thread(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="hamdel-group-commit", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        last = 1
        while True:
            group = [self.calls.get()]
            # Under load (the last group had company) wait up to `window` for each next call: the calls
            # of the other clients are a request's parsing away. Alone, a call never waits.
            wait = self.window if last > 1 else 0.0
            while len(group) < self.max_items:
                try:
                    group.append(self.calls.get(timeout=wait) if wait else self.calls.get_nowait())
                except queue.Empty:
                    break
            last = len(group)
            self._commit(group)

    def _commit(self, group: list[_Call]) -> None:
        by_language: dict[str, list[_Call]] = {}
        for call in group:
            by_language.setdefault(call.language, []).append(call)
        for language, calls in by_language.items():
            try:
                close_old_connections()  # CONN_MAX_AGE and health checks, as between requests
                with translation.override(language):
                    outcomes = receive_many([c.received for c in calls])
            except BaseException as exc:  # the database failed the whole group: each call answers it
                for call in calls:
                    call.future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            self.groups += 1
            self.items += len(calls)
            for call, outcome in zip(calls, outcomes, strict=True):
                call.future.set_result(outcome)


_committer: GroupCommitter | None = None


def enabled() -> bool:
    return bool(getattr(settings, "HAMDEL_GROUP_COMMIT", False))


def committer() -> GroupCommitter:
    global _committer
    if _committer is None:
        _committer = GroupCommitter(
            max_items=int(getattr(settings, "HAMDEL_GROUP_COMMIT_MAX", 64)),
            window=float(getattr(settings, "HAMDEL_GROUP_COMMIT_WAIT_MS", 2)) / 1000,
        )
    return _committer


def receive_grouped(*, source: str, payload: bytes, headers: dict[str, Any]) -> IngestResult:
    """`pipeline.receive` through the process's group committer."""
    return committer().submit((source, payload, headers))
