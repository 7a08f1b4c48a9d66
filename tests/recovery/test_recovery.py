"""Crash recovery: every task and every acknowledged envelope reaches a final state after a `kill -9`."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.local import Local
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hamdel.cli import main
from hamdel.connectors import pipeline
from hamdel.connectors.tasks import process_envelope
from hamdel.conversations.models import InboundEnvelope, Message, MessageAnalysis
from hamdel.conversations.tasks import analyze_message
from hamdel.core import recovery
from hamdel.core.models import WorkerBeat

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: on-commit work runs as in production

_n = iter(range(1, 10**6))


def _payload(text: str = "سلام، بسته‌ام هنوز نرسیده") -> str:
    n = next(_n)
    return json.dumps(
        {"channel": "sms", "external_id": f"crash-{n}", "customer": {"phone": f"0912{n:07d}"}, "text": text},
        ensure_ascii=False,
    )


def _age(envelope: InboundEnvelope, seconds: float = 3600) -> None:
    InboundEnvelope.objects.filter(pk=envelope.pk).update(
        received_at=timezone.now() - dt.timedelta(seconds=seconds)
    )


@pytest.fixture
def db_tasks(settings: Any) -> Iterator[None]:
    """The real django-tasks-db queue (the suite otherwise runs tasks at once)."""

    def reset() -> None:
        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reset()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reset()


def _drain() -> None:
    """Run every queued task in this process, as a worker would."""
    worker = recovery.make_worker("test-drain", interval=0)
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim("test-drain")
        worker.run_task(row)


def _die_while_running(row: DBTaskResult, worker_id: str = "w:elsewhere:1:dead") -> None:
    """What a `kill -9` leaves: the row claimed and RUNNING, its worker's heartbeat old."""
    row.claim(worker_id)
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": "elsewhere", "pid": 1, "beat_at": timezone.now() - dt.timedelta(minutes=10)},
    )


def test_a_task_whose_worker_died_runs_again_and_the_message_is_stored_once(db_tasks: None) -> None:
    envelope = pipeline.store(source="api", payload=_payload())
    process_envelope.enqueue(envelope.pk)
    _die_while_running(DBTaskResult.objects.get())
    assert recovery.tasks_stuck() == 1
    recovery.recover()
    assert recovery.tasks_stuck() == 0
    _drain()
    envelope.refresh_from_db()
    assert envelope.status == "ingested"
    assert Message.objects.count() == 1
    assert MessageAnalysis.objects.filter(message=envelope.message).count() == 1


def test_a_live_workers_task_is_left_alone(db_tasks: None) -> None:
    envelope = pipeline.store(source="api", payload=_payload())
    process_envelope.enqueue(envelope.pk)
    worker_id = recovery.worker_id_new("test")
    recovery.beat(worker_id)  # this process: alive, beating now
    DBTaskResult.objects.get().claim(worker_id)
    assert recovery.recover().get("tasks_stuck") == 0
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_a_task_that_kills_every_worker_is_failed_not_run_forever(db_tasks: None) -> None:
    envelope = pipeline.store(source="api", payload=_payload())
    process_envelope.enqueue(envelope.pk)
    row = DBTaskResult.objects.get()
    for i in range(recovery.MAX_RUNS):
        row.refresh_from_db()
        _die_while_running(row, f"w:elsewhere:{i}:dead")
        recovery.tasks_requeue()
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert "died 5 times" in row.traceback
    assert recovery.tasks_failed_recently() == 1


def test_an_envelope_left_received_with_no_task_is_ingested_by_the_recovery(db_tasks: None) -> None:
    # the web server committed the envelope and was killed before it queued the parse
    envelope = pipeline.store(source="api", payload=_payload())
    fresh = pipeline.store(source="api", payload=_payload())
    _age(envelope)
    rows = {r["key"]: r["count"] for r in recovery.figures()}
    assert rows["envelopes_received"] == 1  # the fresh one may still be in someone's hands
    assert recovery.is_stuck(recovery.figures())
    assert recovery.recover()["envelopes_received"] == 1
    assert recovery.recover()["envelopes_received"] == 0  # queued once, not once per sweep
    _drain()
    envelope.refresh_from_db()
    fresh.refresh_from_db()
    assert envelope.status == "ingested" and fresh.status == "received"


def test_every_task_is_safe_to_run_twice(db: None) -> None:
    envelope = pipeline.store(source="api", payload=_payload("فوری: پولم دو بار کسر شده"))
    assert process_envelope.call(envelope.pk) == "ingested"
    assert process_envelope.call(envelope.pk) == "skipped"
    message = Message.objects.get()
    analyze_message.call(message.pk)
    first = MessageAnalysis.objects.get(message=message)
    analyze_message.call(message.pk)
    assert MessageAnalysis.objects.get(message=message).pk == first.pk
    assert message.conversation.messages.count() == 1


def test_a_retry_after_a_lost_enqueue_still_gets_the_message_analysed(api: Any) -> None:
    body = json.loads(_payload())
    assert api.post("/inbound", body).status_code == 201
    message = Message.objects.get()
    MessageAnalysis.objects.filter(message=message).delete()  # the kill came between commit and enqueue
    again = api.post("/inbound", body)
    assert again.status_code == 200 and again.json()["created"] is False
    assert MessageAnalysis.objects.filter(message=message).count() == 1


def test_the_sweep_finds_messages_without_analysis(api: Any) -> None:
    assert api.post("/inbound", json.loads(_payload())).status_code == 201
    message = Message.objects.get()
    MessageAnalysis.objects.all().delete()
    assert recovery.recover()["analysis_missing"] == 0  # younger than a lease: maybe still queued
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert {r["key"]: r["count"] for r in recovery.figures()}["analysis_missing"] == 1
    assert recovery.recover()["analysis_missing"] == 1
    assert MessageAnalysis.objects.filter(message=message).exists()


def test_doctor_counts_and_exits_non_zero_while_something_is_stuck(
    capsys: pytest.CaptureFixture[str],
) -> None:
    envelope = pipeline.store(source="api", payload=_payload())
    _age(envelope)
    assert main(["doctor", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["stuck"] is True
    assert {r["key"]: r["count"] for r in report["figures"]}["envelopes_received"] == 1
    assert main(["doctor", "--fix"]) == 0  # the recovery ingested it (tasks run at once here)
    out = capsys.readouterr().out
    assert "envelopes_received" in out
    envelope.refresh_from_db()
    assert envelope.status == "ingested"


def test_replay_takes_received_and_since(capsys: pytest.CaptureFixture[str]) -> None:
    old = pipeline.store(source="api", payload=_payload())
    new = pipeline.store(source="api", payload=_payload())
    _age(old, 3 * 3600)
    assert main(["replay", "--received", "--since", "1h"]) == 0
    assert "1 ingested" in capsys.readouterr().out
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == ("received", "ingested")
    assert main(["replay"]) == 0  # without --received only failed ones: the old one stays
    old.refresh_from_db()
    assert old.status == "received"
    assert main(["replay", "--received", "--since", "2020-01-01"]) == 0
    old.refresh_from_db()
    assert old.status == "ingested"


def test_the_worker_recovers_at_start_what_a_dead_worker_left(db_tasks: None) -> None:
    envelope = pipeline.store(source="api", payload=_payload())
    process_envelope.enqueue(envelope.pk)
    # same machine, a process id that no longer exists: recovered at once, without waiting a lease
    dead_pid = 2**22 + 12345
    worker_id = f"w:local:{dead_pid}:x"
    DBTaskResult.objects.get().claim(worker_id)
    import socket

    WorkerBeat.objects.create(
        worker_id=worker_id, host=socket.gethostname(), pid=dead_pid, beat_at=timezone.now()
    )
    assert not os.path.exists(f"/proc/{dead_pid}")
    stop = recovery.start_heartbeat(recovery.worker_id_new("test"))
    stop.set()
    assert DBTaskResult.objects.get().status == "READY"


def test_admins_see_the_same_figures_on_the_status_page(admin: Any, agent_client: Any) -> None:
    from django.test import Client

    envelope = pipeline.store(source="api", payload=_payload())
    _age(envelope)
    client = Client()
    client.force_login(admin)
    page = client.get("/settings/status/").content.decode()
    assert "وضعیت سامانه" in page
    assert "چیزی گیر کرده است" in page
    assert "پیام‌های خامِ دریافتی که پردازششان در صف نیست" in page
    assert agent_client.get("/settings/status/").status_code == 403
    recovery.recover()
    assert "هیچ کاری گیر نکرده است" in client.get("/settings/status/").content.decode()


def test_backup_copies_the_database_while_it_is_in_use_and_the_key(tmp_path: Path) -> None:
    from django.db import connection

    pipeline.store(source="api", payload=_payload())
    assert main(["backup", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "secret_key").exists()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "b" / "hamdel.sqlite3")
        (count,) = copy.execute("SELECT count(*) FROM conversations_inboundenvelope").fetchone()
        copy.close()
        assert count == 1
    else:
        assert (tmp_path / "b" / "hamdel.pgdump").stat().st_size > 0


def test_a_task_of_a_worker_without_heartbeat_gets_a_lease_from_its_start(db_tasks: None) -> None:
    envelope = pipeline.store(source="api", payload=_payload())
    process_envelope.enqueue(envelope.pk)
    row = DBTaskResult.objects.get()
    row.claim("plain-db-worker")  # `manage db_worker`: no heartbeat rows
    assert recovery.tasks_stuck() == 0
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - dt.timedelta(minutes=5))
    assert recovery.tasks_stuck() == 1
