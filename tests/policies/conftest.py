"""SLA fixtures: a movable clock (so minutes can pass in a test), an admin, and a way to run the listeners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.utils import timezone

from hamdel.conversations.models import ConversationEvent

# Saturday 14 Azar 1405, 09:00 in Tehran: an ordinary working morning.
START = dt.datetime(2026, 12, 5, 5, 30, tzinfo=dt.UTC)


class Travel:
    """`travel(minutes=20)`: the time every model default, action and check reads moves on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = START
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        # Django caches a field's default callable: replace the cached one.
        monkeypatch.setattr(ConversationEvent._meta.get_field("at"), "_get_default", lambda: self.now)

    def __call__(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Travel:
    return Travel(monkeypatch)


@pytest.fixture
def events_run(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with events_run():` runs the listeners of what the block published when it ends, as after commit."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
