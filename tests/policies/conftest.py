"""SLA fixtures: a movable clock (so minutes can pass in a test), an admin, and a way to run the listeners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.utils import timezone

from hamdel.accounts.models import Role, User
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations.models import ConversationEvent
from tests.conftest import ApiClient

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
def admin(db: None) -> User:
    return user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")


@pytest.fixture
def admin_api(admin: User) -> ApiClient:
    return ApiClient(api_key_create(name="admin", user=admin)[1])


@pytest.fixture
def events_run(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with events_run():` runs the listeners of what the block published when it ends, as after commit."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
