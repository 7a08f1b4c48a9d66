"""S6-safety: messages sent while the web server and the worker are killed twice are all stored once and
analysed. The short version of bench/chaos.py (≈500 messages, 2 kills of both), on the database the suite
runs on (SQLite, or PostgreSQL when HAMDEL_DATABASE_URL says so, as in the second pass of .ci/run)."""

from __future__ import annotations

import os
import socket

import pytest
from bench.chaos import ok, run_chaos

pytestmark = pytest.mark.chaos


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_s6_safety_nothing_acknowledged_is_lost_or_duplicated_when_killed_twice(tmp_path) -> None:
    figures = run_chaos(
        messages=int(os.environ.get("HAMDEL_CHAOS_MESSAGES", "500")),
        kills=2,
        kill="both",
        database_url=os.environ.get("HAMDEL_DATABASE_URL", "")
        if "postgres" in os.environ.get("HAMDEL_DATABASE_URL", "")
        else "",
        port=_free_port(),
        drain_timeout=120,
        message_deadline=90,
        data_dir=str(tmp_path / "chaos"),
        log=print,
    )
    print(figures)
    assert figures["web_kills"] == 2 and figures["worker_kills"] == 2 * figures["workers"]
    assert figures["lost"] == 0, figures["examples"]
    assert figures["duplicated"] == 0, figures["examples"]
    assert figures["acknowledged"] == figures["stored"] == figures["analysed"] == figures["messages"], figures
    assert ok(figures)
