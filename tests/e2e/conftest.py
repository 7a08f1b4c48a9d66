"""Browser tests: a real ASGI server (uvicorn, WebSockets included) in a thread, driven by Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright inside pytest-django

CHROMIUM = os.environ.get("HAMDEL_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.e2e)


@contextmanager
def _running_server() -> Iterator[str]:
    """The real ASGI app (uvicorn, WebSockets included) on a free port, in a daemon thread."""
    import uvicorn

    from hamdel.config.asgi import application

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="auto"
    )
    srv = uvicorn.Server(config)
    # A fresh channel layer per server: the Redis layer's locks belong to the event loop that made them,
    # and each test server runs its own loop.
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def server(transactional_db: None) -> Iterator[str]:
    with _running_server() as url:
        yield url


@pytest.fixture(scope="module")
def module_server(django_db_setup: None, django_db_blocker: object) -> Iterator[str]:
    """One server and one database for a whole module of read-mostly browser tests.

    The module seeds the data once (seeding a demo per test would cost minutes); the database is emptied
    afterwards, as a transactional test does, so the next module starts clean. pytest-django creates the
    test database only when some collected test asks for `db`; run alone, this module creates it itself.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from tests.conftest import end_other_sessions

    with django_db_blocker.unblock():
        created = None
        name = str(connection.settings_dict["NAME"])
        # Already the test database ("test_hamdel"): its own test name would be "test_test_hamdel".
        if name != connection.creation._get_test_db_name() and not name.startswith("test_"):
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            with _running_server() as url:
                yield url
        finally:
            if created is None:
                call_command("flush", interactive=False, verbosity=0)
            else:
                end_other_sessions()
                teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per module: starting it is the slowest part of a short browser test."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
