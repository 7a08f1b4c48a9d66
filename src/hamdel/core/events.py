"""The in-process event bus: declared, typed events whose listeners run in a task after commit.

Each app declares the events it publishes in its own `events.py` as frozen dataclasses:

    @declare
    @dataclass(frozen=True)
    class MessageCreated(Event):
        name: ClassVar[str] = "message_created"
        message_id: int

and subscribes to other apps' events from its `apps.py` (`listen(MessageCreated, some_task)`).
Services call `publish(MessageCreated(message_id=…))` or, equivalently, `publish("message_created",
message_id=…)`. Publishing or listening to a name nobody declared raises `UndeclaredEvent`, and a payload
that does not fit the declaration raises `TypeError`: a typo is a failing test, not a silent no-op.
One dispatch task is enqueued on commit, so a rolled-back change never triggers side effects and a slow
listener never holds a request.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any, ClassVar

from django.db import transaction
from django.tasks import task

logger = logging.getLogger(__name__)


class UndeclaredEvent(LookupError):
    """An event name that no app declared."""


@dataclasses.dataclass(frozen=True)
class Event:
    """Base of every declared event; `name` is the wire name listeners and tasks see."""

    name: ClassVar[str] = ""
    # The name integrators see in rules and webhooks (`conversation.updated`); empty for internal events.
    public: ClassVar[str] = ""

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_declared: dict[str, type[Event]] = {}
_listeners: dict[str, list[Any]] = defaultdict(list)


def declare[E: type[Event]](cls: E) -> E:
    """Class decorator: make an event known to the bus (once per name)."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} needs a name")
    existing = _declared.get(cls.name)
    if existing is not None and existing.__qualname__ != cls.__qualname__:
        raise ValueError(
            f"event {cls.name!r} is declared twice ({existing.__qualname__}, {cls.__qualname__})"
        )
    _declared[cls.name] = cls
    return cls


def declared() -> dict[str, type[Event]]:
    return dict(_declared)


def _resolve(event: str | type[Event]) -> type[Event]:
    name = event if isinstance(event, str) else event.name
    cls = _declared.get(name)
    if cls is None:
        raise UndeclaredEvent(f"no app declared the event {name!r}")
    return cls


def listen(
    event: str | type[Event], task: Any, *, many: Callable[[list[dict[str, Any]]], Any] | None = None
) -> None:
    """Register a task (or a plain function) to run, in the worker, when `event` is published.

    `many`, when given, does what `task` does for a list of payloads at once: a worker that drains a
    backlog hands it many events of one kind together (run_listeners_many, issue 11). It must be
    idempotent like the task (a crashed batch is run again)."""
    name = _resolve(event).name
    if task not in _listeners[name]:
        _listeners[name].append(task)
    if many is not None:
        _batch_forms[task] = many


_batch_forms: dict[Any, Callable[[list[dict[str, Any]]], Any]] = {}


def batches(event: str) -> bool:
    """Whether any listener of `event` has a batch form (otherwise batching its dispatch gains nothing)."""
    return any(listener in _batch_forms for listener in _listeners.get(event, []))


def run_listeners_many(event: str, payloads: list[dict[str, Any]]) -> None:
    """`run_listeners` for many events of one kind: each listener with a batch form gets all payloads in
    one call, the others one call per payload. A batch form that fails is retried payload by payload, so
    one bad event costs only itself, as in one dispatch per event."""
    for listener in _listeners.get(event, []):
        many = _batch_forms.get(listener)
        if many is not None and len(payloads) > 1:
            try:
                many(payloads)
                continue
            except Exception:
                logger.exception("batch listener for %s failed; running it event by event", event)
        for payload in payloads:
            _run_one(listener, event, payload)


def publish(event: str | Event, **payload: Any) -> None:
    """Once the surrounding transaction commits, enqueue one task that runs every listener of `event`.

    One task per event (not per listener) keeps the write cost of a busy ingest path low; a listener that
    needs its own retries (delivery) enqueues its own task from there.
    """
    if isinstance(event, Event):
        instance = event
        _resolve(type(event))
    else:
        instance = _resolve(event)(**payload)
    if _suppressed or not _listeners.get(instance.name):
        return
    name, data = instance.name, instance.payload()
    transaction.on_commit(lambda: dispatch.enqueue(name, data))


def publish_many(events: list[Event]) -> None:
    """`publish` for the many events of one set-wise write (a batch of inbound messages, issue 11).

    On the database task backend the dispatch tasks are inserted in one statement INSIDE the caller's
    transaction: they commit (or roll back) with the rows they are about, for no commit of their own.
    Any other backend (the immediate one in tests) gets them after commit, one by one, like `publish`."""
    pending: list[tuple[str, dict[str, Any]]] = []
    for instance in events:
        _resolve(type(instance))
        if not _suppressed and _listeners.get(instance.name):
            pending.append((instance.name, instance.payload()))
    if not pending:
        return
    if _in_database(dispatch):
        enqueue_many(dispatch, pending)
    else:
        transaction.on_commit(lambda: enqueue_many(dispatch, pending))


def _in_database(task: Any) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend()
    return (
        isinstance(backend, DatabaseBackend)
        and task.run_after is None
        and transaction.get_connection().in_atomic_block
    )


def enqueue_many(task: Any, calls: list[tuple[Any, ...]]) -> None:
    """Enqueue `task` once per argument tuple, as `task.enqueue(*args)` would: one bulk insert on the
    database task backend, one at a time on any other (the immediate one in tests runs each as it comes)."""
    from django.utils.json import normalize_json
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend) or task.run_after is not None:
        for args in calls:
            task.enqueue(*args)
        return
    backend.validate_task(task)
    with transaction.atomic():
        DBTaskResult.objects.bulk_create(
            [
                DBTaskResult(
                    id=backend._get_id(),
                    args_kwargs=normalize_json({"args": list(args), "kwargs": {}}),
                    priority=task.priority,
                    task_path=task.module_path,
                    queue_name=task.queue_name,
                    run_after=get_date_max(),  # what the model's pre_save gives `None` (no delay)
                    backend_name=backend.alias,
                )
                for args in calls
            ]
        )


def run_listeners(event: str, payload: dict[str, Any]) -> None:
    for listener in _listeners.get(event, []):
        _run_one(listener, event, payload)


def _run_one(listener: Any, event: str, payload: dict[str, Any]) -> None:
    try:
        listener.call(**payload) if hasattr(listener, "call") else listener(**payload)
    except Exception:  # one failing listener must not stop the others
        logger.exception("listener %s for %s failed", getattr(listener, "name", listener), event)


@task()
def dispatch(event: str, payload: dict[str, Any]) -> None:
    """The one task that carries every domain event to its listeners."""
    run_listeners(event, payload)


_suppressed = False


class suppressed:
    """Skip listeners while bulk-loading historical data (demo, imports, benchmarks)."""

    def __enter__(self) -> None:
        global _suppressed
        self._previous, _suppressed = _suppressed, True

    def __exit__(self, *exc: object) -> None:
        global _suppressed
        _suppressed = self._previous
