"""Shared fixtures: named example users, an API client with a real key, and inbound-message builders."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.models import Role, Team, User
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage, IngestResult

_ids = itertools.count(1)


@pytest.fixture
def agent(db: None) -> User:
    return user_create(username="sara", password="s3cret-pass", display_name="سارا")


@pytest.fixture
def lead(db: None) -> User:
    return user_create(username="lead", password="s3cret-pass", role=Role.SUPERVISOR, display_name="نسرین")


@pytest.fixture
def team(agent: User) -> Team:
    team = Team.objects.create(name="فروش")
    team.members.add(agent)
    return team


@pytest.fixture
def agent_client(agent: User) -> Client:
    client = Client()
    client.force_login(agent)
    return client


class ApiClient:
    """A JSON client that sends a real API key, as an integration would."""

    def __init__(self, key: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data: Any = None, raw: str | None = None) -> Any:
        import json

        body = raw if raw is not None else json.dumps(data)
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", headers=self.headers)

    def patch(self, path: str, data: Any) -> Any:
        import json

        return self.client.patch(
            f"/api/v1{path}", json.dumps(data), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=self.headers)


@pytest.fixture
def api(agent: User) -> ApiClient:
    _key, plain = api_key_create(name="test", user=agent)
    return ApiClient(plain)


@pytest.fixture
def inbound(db: None) -> Callable[..., IngestResult]:
    """Ingest a customer message; every field has a sensible default."""

    def make(text: str = "سلام، سفارشم نرسیده", **kwargs: Any) -> IngestResult:
        defaults: dict[str, Any] = {
            "channel": "email",
            "identity_kind": "email",
            "address": "ali@example.ir",
            "customer_name": "علی رضایی",
            "external_id": f"<msg-{next(_ids)}@example.ir>",
        }
        defaults.update(kwargs)
        return ingest(InboundMessage(text=text, **defaults))

    return make


def end_other_sessions() -> None:
    """On PostgreSQL, close the sessions other threads left on the test database so it can be dropped.

    The browser tests' live server answers from its own threads, whose connections outlive the server,
    and PostgreSQL refuses to drop a database with open sessions.
    """
    import time

    from django.db import connection

    if connection.vendor != "postgresql" or not str(connection.settings_dict["NAME"]).startswith("test_"):
        return  # SQLite, or the test database is already gone
    others = " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid)" + others)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # termination is asynchronous: wait until they are gone
            cursor.execute("SELECT count(*)" + others)
            row = cursor.fetchone()
            if row is None or row[0] == 0:
                break
            time.sleep(0.1)


@pytest.fixture(scope="session", autouse=True)
def _no_stray_database_sessions(django_db_setup: None, django_db_blocker: Any) -> Any:
    """Just before pytest-django drops the test database at the end of the run."""
    yield
    with django_db_blocker.unblock():
        end_other_sessions()


# Shared by the automation, policies and coach tests (one admin "boss" with an API key).
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
