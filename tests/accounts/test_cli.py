"""`hamdel createuser` and `hamdel createapikey`, run through the real `hamdel` entry point."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from hamdel import cli
from hamdel.accounts.models import ApiKey, Role, Team, User
from hamdel.core.models import AuditLog


@pytest.fixture
def no_prepare(monkeypatch: pytest.MonkeyPatch) -> None:
    # the test database is already migrated; skip migrate/collectstatic
    monkeypatch.setattr(cli, "_prepare", lambda: None)


@pytest.fixture
def persian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fa_IR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


@pytest.fixture
def no_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def test_createapikey_for_an_unknown_user_fails_and_creates_nothing(db, no_prepare, persian, capsys):
    # given an admin exists (the old code fell back to the first admin)
    User.objects.create_user(username="root", password="s3cret-pass", role=Role.ADMIN, is_superuser=True)

    # when the operator mistypes the user
    status = cli.main(["createapikey", "CRM", "--user", "no-such-user"])

    # then exit status 1, a clear Persian message on stderr, no key on stdout, nothing stored
    out = capsys.readouterr()
    assert status == 1
    assert "no-such-user" in out.err and "کاربری" in out.err
    assert "hmd_" not in out.out
    assert ApiKey.objects.count() == 0 and AuditLog.objects.count() == 0


def test_unknown_user_message_is_english_in_an_english_locale(db, no_prepare, english, capsys):
    assert cli.main(["createapikey", "CRM", "--user", "ghost"]) == 1
    assert "No user named ghost exists." in capsys.readouterr().err


def test_createapikey_acts_as_that_user_with_that_users_role(db, no_prepare, english, capsys):
    # given an admin and an agent
    cli.main(["createuser", "root", "--role", "admin", "--password", "long-enough-9"])
    cli.main(["createuser", "sara", "--role", "agent", "--password", "long-enough-9"])
    capsys.readouterr()

    # when a key is made for the agent
    assert cli.main(["createapikey", "CRM", "--user", "sara"]) == 0
    out = capsys.readouterr()
    key = out.out.strip()
    assert "acts as sara (Agent)" in out.err

    # then the key reads as the agent, and is refused what an agent may not do
    headers = {"Authorization": f"Bearer {key}"}
    assert Client().get("/api/v1/users", headers=headers).status_code == 200
    response = Client().post(
        "/api/v1/users",
        {"username": "mallory", "password": "long-enough-9", "role": "admin"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="mallory").exists()
    assert ApiKey.objects.get().user.username == "sara"


def test_createuser_with_role_email_and_teams(db, no_prepare, english, capsys):
    Team.objects.create(name="فروش")
    argv = ["createuser", "kaveh", "--role", "supervisor", "--email", "k@example.ir", "--team", "فروش"]
    status = cli.main([*argv, "--password", "long-enough-9"])
    assert status == 0, capsys.readouterr().err
    kaveh = User.objects.get(username="kaveh")
    assert kaveh.role == Role.SUPERVISOR and kaveh.is_staff and not kaveh.is_superuser
    assert kaveh.email == "k@example.ir" and [t.name for t in kaveh.teams.all()] == ["فروش"]
    assert kaveh.check_password("long-enough-9")
    assert AuditLog.objects.get(action="user_create").actor is None  # the system (an operator's shell)


def test_createuser_without_a_terminal_prints_a_generated_password_once(
    db, no_prepare, english, no_tty, capsys
):
    assert cli.main(["createuser", "bahar"]) == 0
    out = capsys.readouterr().out
    password = out.split("shown only this once): ")[1].strip()
    bahar = User.objects.get(username="bahar")
    assert bahar.role == Role.AGENT and bahar.check_password(password) and len(password) >= 12


def test_createuser_refuses_bad_input_with_status_1(db, no_prepare, english, capsys):
    Team.objects.create(name="فروش")
    assert cli.main(["createuser", "x", "--password", "123"]) == 1
    assert "too weak" in capsys.readouterr().err
    assert cli.main(["createuser", "x", "--password", "long-enough-9", "--team", "no-team"]) == 1
    assert "Unknown team: no-team" in capsys.readouterr().err
    assert cli.main(["createuser", "x", "--password", "long-enough-9"]) == 0
    assert cli.main(["createuser", "x", "--password", "long-enough-9"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert User.objects.filter(username="x").count() == 1


def test_createadmin_still_makes_an_admin(db, no_prepare, english, monkeypatch, capsys):
    monkeypatch.setenv("HAMDEL_ADMIN_PASSWORD", "from-the-env-9")
    assert cli.main(["createadmin", "boss"]) == 0
    boss = User.objects.get(username="boss")
    assert boss.role == Role.ADMIN and boss.is_superuser and boss.check_password("from-the-env-9")
