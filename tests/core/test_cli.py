"""The `hamdel` command an operator types."""

import pytest
from django.test import Client

from hamdel import cli
from hamdel.accounts.services import user_create
from hamdel.connectors.pipeline import receive
from hamdel.conversations.models import InboundEnvelope


@pytest.fixture
def no_prepare(monkeypatch):
    # the test database is already migrated; skip migrate/collectstatic
    monkeypatch.setattr(cli, "_prepare", lambda: None)


def test_createapikey_prints_a_working_key_once(db, no_prepare, capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # messages follow the operator's locale
    user_create(username="root", password="s3cret-pass", role="admin")
    assert cli.main(["createapikey", "CRM"]) == 0
    out = capsys.readouterr()
    key = out.out.strip()
    assert key.startswith("hmd_")
    assert "shown only this once" in out.err
    assert Client().get("/api/v1/users", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_createapikey_without_admin_explains(db, no_prepare, capsys):
    assert cli.main(["createapikey", "CRM"]) == 1
    assert "createadmin" in capsys.readouterr().err


def test_replay_reports_what_is_still_failing(db, no_prepare, capsys):
    with pytest.raises(Exception):  # noqa: B017 - the parse error itself is covered by the API tests
        receive(source="api", payload=b"{broken")
    assert InboundEnvelope.objects.get().status == "failed"
    assert cli.main(["replay"]) == 1
    assert "0 ingested, 1 still failing" in capsys.readouterr().out


def test_train_with_corrections_exports_them_first(db, no_prepare, monkeypatch, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    seen = {}

    class FakeTrain:
        @staticmethod
        def main(argv):
            seen["argv"] = argv
            return 0

    monkeypatch.setitem(__import__("sys").modules, "hamdel.language.train", FakeTrain)
    assert cli.main(["train", "--with-corrections", "--out", "x"]) == 0
    assert seen["argv"] == ["--with-corrections", str(tmp_path / "corrections.jsonl"), "--out", "x"]
    assert (tmp_path / "corrections.jsonl").exists()


def test_scheduler_enqueues_registered_periodic_work(db):
    from hamdel.core import schedule
    from hamdel.feedback import tasks

    # the feedback app registers its periodic tick at start-up
    assert any(p.task is tasks.tick for p in schedule._periodic)
    first = schedule.enqueue_due(now=1_000_000.0)
    assert tasks.tick.name in first
    # not again before its interval has passed
    assert tasks.tick.name not in schedule.enqueue_due(now=1_000_010.0)
    assert tasks.tick.name in schedule.enqueue_due(now=1_000_000.0 + 601)


def test_serve_on_another_port_makes_survey_links_point_at_it(db, no_prepare, monkeypatch, settings):
    settings.HAMDEL_PUBLIC_URL = ""
    # serve exports these for its web processes: restore them after the test, or every later import of
    # config.asgi in this process would start a live worker thread
    monkeypatch.setenv("HAMDEL_SERVE_LIVE_THREAD", "0")
    monkeypatch.setenv("HAMDEL_PUBLIC_URL", "")
    monkeypatch.setattr(cli, "_start_worker_process", lambda excluded: None)
    monkeypatch.setattr(cli, "_start_scheduler_thread", lambda: None)
    monkeypatch.setattr(cli, "_start_channel_receivers", lambda: None)
    monkeypatch.setattr("granian.Granian.serve", lambda self: None)  # the web server itself is not started
    from hamdel.feedback.links import survey_url

    assert cli.main(["serve", "--port", "8790"]) == 0

    assert survey_url("/feedback/l/abc/") == "http://127.0.0.1:8790/feedback/l/abc/"


def test_serve_keeps_an_explicit_public_address(db, no_prepare, monkeypatch, settings):
    settings.HAMDEL_PUBLIC_URL = "https://help.example.ir"
    # serve exports these for its web processes: restore them after the test, or every later import of
    # config.asgi in this process would start a live worker thread
    monkeypatch.setenv("HAMDEL_SERVE_LIVE_THREAD", "0")
    monkeypatch.setenv("HAMDEL_PUBLIC_URL", "")
    monkeypatch.setattr(cli, "_start_worker_process", lambda excluded: None)
    monkeypatch.setattr(cli, "_start_scheduler_thread", lambda: None)
    monkeypatch.setattr(cli, "_start_channel_receivers", lambda: None)
    monkeypatch.setattr("granian.Granian.serve", lambda self: None)  # the web server itself is not started

    assert cli.main(["serve", "--port", "8790"]) == 0

    assert settings.HAMDEL_PUBLIC_URL == "https://help.example.ir"
