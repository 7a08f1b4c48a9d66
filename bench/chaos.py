"""Chaos test: inbound messages over HTTP while the web server and the worker are killed with SIGKILL.

    .venv/bin/python bench/chaos.py                                   # 5,000 messages, 8 kills, SQLite
    .venv/bin/python bench/chaos.py --messages 500 --kills 2 --kill both
    .venv/bin/python bench/chaos.py --database-url postgres://hamdel:hamdel@127.0.0.1:5432/postgres

Half the messages go to `POST /api/v1/inbound`, half to a Telegram bot webhook (Bot API update format),
from `--concurrency` client threads that retry like real clients (connection refused, timeouts, 5xx, 429:
back off and send the same message again). At `--kills` random moments the web server, the worker or both
(`--kill`; `worker` is one of the `--workers` processes, `both` is the web server and every worker) get
`kill -9` and are started again. After the last message the bench waits for the backlog
(every acknowledged message stored and analysed) and reports acknowledged, stored, analysed, duplicated,
lost. Everything is bounded: a deadline per message, `--drain-timeout` for the backlog, and every process
this bench starts is stopped by its PID at the end. Loopback only (127.0.0.1).

With a PostgreSQL URL, a database `hamdel_chaos_<pid>` is created on that server (the role needs CREATEDB)
and dropped afterwards. The exit status is 0 only for 0 lost, 0 duplicated and every message analysed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ also holds email.py: keep the folder behind the standard library so `email` stays the stdlib's.
HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlparse, urlunparse  # noqa: E402

REPO = HERE.parent
PYTHON = sys.executable
TOKEN = re.compile(r"#chaos-(\d+)\b")
TEXTS = [
    "سلام، سفارش من هنوز نرسیده",
    "فوری: پول دو بار از حسابم کم شده، لطفاً پیگیری کنید",
    "ممنون از پشتیبانی خوبتون",
    "رمز عبورم را فراموش کرده‌ام",
    "این چندمین بار است که تماس می‌گیرم و کسی جواب نمی‌دهد",
    "کی کالای مرجوعی من بررسی می‌شود؟",
]


# --- the helper that runs inside the Hamdel environment (set-up and counting) -------------------------


def _helper(action: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.config.settings")
    import django

    django.setup()
    if action == "setup":
        from django.core.management import call_command

        from hamdel.accounts.services import api_key_create
        from hamdel.cli import main as hamdel
        from hamdel.connectors.models import Inbox

        call_command("migrate", "--no-input", verbosity=0)
        hamdel(["createadmin", "chaos", "--password", "chaos-bench-password"])
        _key, plain = api_key_create(name="chaos", user="chaos")
        inbox = Inbox.objects.create(
            name="chaos bot", kind="telegram", bot_token="0:chaos", api_base="http://127.0.0.1:9"
        )
        print(json.dumps({"api_key": plain, "inbox_key": inbox.key, "secret": inbox.webhook_secret}))
    elif action == "count":
        from django.db.models import Count

        from hamdel.conversations.models import InboundEnvelope, Message

        try:
            from hamdel.core.recovery import figures
        except ImportError:  # --src pointing at code from before the recovery (to compare)

            def figures() -> list[dict[str, Any]]:
                return []

        stored: dict[int, list[int]] = {}
        rows = Message.objects.filter(direction="in", text__contains="#chaos-").values_list(
            "text", "analysis"
        )
        for text, analysis in rows.iterator():
            match = TOKEN.search(text)
            if match:
                seen = stored.setdefault(int(match.group(1)), [0, 0])
                seen[0] += 1
                seen[1] += analysis is not None
        envelopes = dict(
            InboundEnvelope.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        print(json.dumps({"stored": stored, "envelopes": envelopes, "doctor": figures()}))


# --- processes ----------------------------------------------------------------------------------------


@dataclass
class Proc:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    kills: int = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill9(self) -> None:
        if self.popen and self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
            self.kills += 1

    def stop(self) -> None:
        """SIGTERM by PID, SIGKILL after 10 s."""
        if self.popen and self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.popen.pid, signal.SIGKILL)
                self.popen.wait()


def _env(data_dir: Path, database_url: str, lease: float, src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HAMDEL_TASK_BACKEND", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "PYTHONPATH": str(src),
            "DJANGO_SETTINGS_MODULE": "hamdel.config.settings",
            "HAMDEL_DATA_DIR": str(data_dir),
            "HAMDEL_TASK_LEASE_SECONDS": str(lease),
            "HAMDEL_RECOVERY_SECONDS": str(max(1.0, lease / 2)),
            "HAMDEL_IMAP_POLL_SECONDS": "0",
            "HAMDEL_WORKER_INTERVAL": "0.2",
            "HAMDEL_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["HAMDEL_DATABASE_URL"] = database_url
    else:
        env.pop("HAMDEL_DATABASE_URL", None)
    return env


def _run_helper(env: dict[str, str], action: str) -> dict[str, Any]:
    out = subprocess.run(
        [PYTHON, "-m", "bench.chaos", "--helper", action],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"helper {action} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _pg_database(url: str, name: str, *, drop: bool = False) -> str:
    """Create (or drop) database `name` on the server of `url`; returns the URL of the new database."""
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


# --- clients ------------------------------------------------------------------------------------------


@dataclass
class Tally:
    acked: set[int] = field(default_factory=set)
    refused: dict[int, str] = field(default_factory=dict)
    gave_up: set[int] = field(default_factory=set)
    attempts: int = 0
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _request(i: int, run: str, base: str, setup: dict[str, Any]) -> urllib.request.Request:
    text = f"{TEXTS[i % len(TEXTS)]} #chaos-{i}"
    person = i % 250
    if i % 2 == 0:
        body = {
            "channel": "sms",
            "external_id": f"chaos-{run}-{i}",
            "customer": {"name": f"مشتری {person}", "phone": f"0912{person:07d}"},
            "text": text,
        }
        return urllib.request.Request(
            f"{base}/api/v1/inbound",
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Authorization": f"Bearer {setup['api_key']}", "Content-Type": "application/json"},
            method="POST",
        )
    user = 7_000_000 + person
    update = {
        "update_id": i,
        "message": {
            "message_id": i,
            "from": {"id": user, "is_bot": False, "first_name": "کاربر", "last_name": str(person)},
            "chat": {"id": user, "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }
    return urllib.request.Request(
        f"{base}/channels/bot/telegram/{setup['inbox_key']}/",
        data=json.dumps(update, ensure_ascii=False).encode(),
        headers={"X-Telegram-Bot-Api-Secret-Token": setup["secret"], "Content-Type": "application/json"},
        method="POST",
    )


def _send(i: int, run: str, base: str, setup: dict[str, Any], tally: Tally, deadline_s: float) -> None:
    """Send one message until it is acknowledged: retry on refused connections, timeouts, 5xx and 429."""
    deadline = time.monotonic() + deadline_s
    delay = 0.1
    while time.monotonic() < deadline:
        with tally.lock:
            tally.attempts += 1
        try:
            with urllib.request.urlopen(_request(i, run, base, setup), timeout=10) as response:
                if response.status in (200, 201):
                    with tally.lock:
                        tally.acked.add(i)
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500 and exc.code not in (408, 429):
                with tally.lock:
                    tally.refused[i] = f"{exc.code} {exc.read()[:200]!r}"
                return
        except (OSError, urllib.error.URLError):
            pass  # refused, reset, timed out: the server is down or restarting
        with tally.lock:
            tally.errors += 1
        time.sleep(delay + random.random() * delay)
        delay = min(delay * 2, 2.0)
    with tally.lock:
        tally.gave_up.add(i)


# --- the run ------------------------------------------------------------------------------------------


def _wait_up(base: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the web server did not start")


def run_chaos(
    *,
    messages: int = 5000,
    kills: int = 8,
    kill: str = "any",
    database_url: str = "",
    port: int = 8105,
    concurrency: int = 6,
    seed: int = 17,
    lease: float = 6.0,
    drain_timeout: float = 300.0,
    message_deadline: float = 180.0,
    data_dir: str = "",
    src: str = "",
    n_workers: int = 2,
    log: Any = print,
) -> dict[str, Any]:
    """Run the chaos test and return its figures (see the module docstring)."""
    rng = random.Random(seed)
    run = f"{os.getpid()}-{int(time.time())}"
    workdir = Path(data_dir or tempfile.mkdtemp(prefix="hamdel-chaos-"))
    workdir.mkdir(parents=True, exist_ok=True)
    pg_name = ""
    if database_url.startswith("postgres"):
        pg_name = f"hamdel_chaos_{os.getpid()}"
        database_url = _pg_database(database_url, pg_name)
    env = _env(workdir, database_url, lease, Path(src) if src else REPO / "src")
    base = f"http://127.0.0.1:{port}"
    web = Proc(
        "web",
        [
            PYTHON,
            "-m",
            "uvicorn",
            "hamdel.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--lifespan",
            "off",
        ],
        env,
        workdir / "web.log",
    )
    workers = [
        Proc(f"worker{n}", [PYTHON, "-m", "hamdel.cli", "worker"], env, workdir / f"worker{n}.log")
        for n in range(1, max(1, n_workers) + 1)
    ]
    started = time.monotonic()
    tally = Tally()
    figures: dict[str, Any] = {}
    try:
        with socket.socket() as probe:  # never send chaos to somebody else's server on this port
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise RuntimeError(f"port {port} is already in use")
        setup = _run_helper(env, "setup")
        web.start()
        for proc in workers:
            proc.start()
        _wait_up(base, 60)
        log(f"chaos: {messages} messages, {kills} kills ({kill}), data in {workdir}")
        marks = sorted(rng.uniform(0.1, 0.9) * messages for _ in range(kills))
        done = threading.Event()

        def killer() -> None:
            for n, mark in enumerate(marks):
                while len(tally.acked) + len(tally.refused) + len(tally.gave_up) < mark:
                    if done.wait(0.05):
                        return
                target = kill if kill != "any" else rng.choice(["web", "worker", "both"])
                one = [rng.choice(workers)]
                victims = {"web": [web], "worker": one, "both": [web, *workers]}[target]
                for proc in victims:
                    proc.kill9()
                log(f"chaos: kill -9 {target} at {len(tally.acked)} acknowledged ({n + 1}/{len(marks)})")
                time.sleep(rng.uniform(0.3, 2.0))
                for proc in victims:
                    proc.start()

        killing = threading.Thread(target=killer, name="chaos-killer", daemon=True)
        killing.start()
        order = list(range(1, messages + 1))
        with ThreadPoolExecutor(concurrency) as pool:
            for i in order:
                pool.submit(_send, i, run, base, setup, tally, message_deadline)
        sent_s = time.monotonic() - started
        done.set()
        killing.join(30)
        for proc in (web, *workers):  # the last kill may have come after the last message
            if proc.popen is None or proc.popen.poll() is not None:
                proc.start()
        log(f"chaos: sent in {sent_s:.0f} s ({tally.attempts} attempts, {tally.errors} errors); draining")
        drain_end = time.monotonic() + drain_timeout
        while True:
            counts = _run_helper(env, "count")
            stored = {int(k): v for k, v in counts["stored"].items()}
            pending = [i for i in tally.acked if stored.get(i, [0, 0])[1] < 1]
            if not pending or time.monotonic() > drain_end:
                break
            time.sleep(1)
        drained_s = time.monotonic() - started - sent_s
        duplicated = sorted(i for i, (n, _a) in stored.items() if n > 1)
        lost = sorted(tally.acked - set(stored))
        figures = {
            "database": "postgresql" if pg_name else "sqlite",
            "messages": messages,
            "workers": len(workers),
            "kills": web.kills + sum(w.kills for w in workers),
            "web_kills": web.kills,
            "worker_kills": sum(w.kills for w in workers),
            "acknowledged": len(tally.acked),
            "refused": len(tally.refused),
            "gave_up": len(tally.gave_up),
            "stored": sum(1 for i in tally.acked if i in stored),
            "analysed": sum(1 for i in tally.acked if stored.get(i, [0, 0])[1] >= 1),
            "duplicated": len(duplicated),
            "lost": len(lost),
            "attempts": tally.attempts,
            "client_errors": tally.errors,
            "send_seconds": round(sent_s, 1),
            "drain_seconds": round(drained_s, 1),
            "envelopes": counts["envelopes"],
            "doctor": {r["key"]: r["count"] for r in counts["doctor"]},
            "examples": {
                "lost": lost[:10],
                "duplicated": duplicated[:10],
                "refused": dict(list(tally.refused.items())[:5]),
            },
        }
        return figures
    finally:
        for proc in (web, *workers):
            proc.stop()
        if pg_name:
            _pg_database(database_url, pg_name, drop=True)


def ok(figures: dict[str, Any]) -> bool:
    n = figures.get("messages", -1)
    return (
        figures.get("lost") == 0
        and figures.get("duplicated") == 0
        and figures.get("acknowledged") == n
        and figures.get("analysed") == n
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--helper", choices=["setup", "count"], help=argparse.SUPPRESS)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--kill", choices=["any", "web", "worker", "both"], default="any")
    parser.add_argument("--database-url", default="", help="a postgres:// URL (default: SQLite)")
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (`hamdel worker`)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--lease", type=float, default=6.0, help="HAMDEL_TASK_LEASE_SECONDS for the run")
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--src", default="", help="run another checkout's src/ (e.g. to compare with main)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.helper:
        _helper(args.helper)
        return 0
    figures = run_chaos(
        messages=args.messages,
        kills=args.kills,
        kill=args.kill,
        database_url=args.database_url,
        port=args.port,
        concurrency=args.concurrency,
        seed=args.seed,
        lease=args.lease,
        drain_timeout=args.drain_timeout,
        data_dir=args.data_dir,
        src=args.src,
        n_workers=args.workers,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 1))
    return 0 if ok(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
