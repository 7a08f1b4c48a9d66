"""The `hamdel` command: serve, demo, worker, createuser, createadmin, createapikey, replay, doctor,
backup, import-email, import-orders, insights, train, evaluate, manage."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import subprocess
import sys
import threading
from collections.abc import Callable


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.config.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _prepare() -> None:
    """Apply migrations and collect static files so a fresh data directory just works."""
    _setup()
    _manage("migrate", "--no-input", "-v", "0")
    _manage("collectstatic", "--no-input", "-v", "0")


def _start_worker_thread(
    queues: list[str] | None = None, excluded: list[str] | None = None
) -> threading.Thread:
    """The task worker inside `serve`, with a heartbeat so that its tasks are run again if it dies."""
    from hamdel.core.recovery import start_worker_thread

    return start_worker_thread("serve", queues=queues, excluded=excluded)


def start_live_thread() -> None:
    """In each web process without Redis: run the "live" queue (notifications to browsers) here, where the
    in-memory Channels layer holds the sockets. Called by config/asgi.py when `hamdel serve` asks for it."""
    _start_worker_thread(queues=["live"])


def _start_channel_receivers() -> None:
    """E-mail in (issue 4): the SMTP/LMTP receiver when HAMDEL_SMTP_LISTEN is set, and the IMAP poller."""
    from django.conf import settings

    if settings.HAMDEL_SMTP_LISTEN:
        from hamdel.connectors.email.smtpd import start_receiver

        start_receiver(settings.HAMDEL_SMTP_LISTEN, lmtp=settings.HAMDEL_SMTP_LMTP)
        kind = "LMTP" if settings.HAMDEL_SMTP_LMTP else "SMTP"
        print(f"{kind} receiver listening on {settings.HAMDEL_SMTP_LISTEN}", flush=True)
    _start_imap_thread()


def _start_imap_thread() -> None:
    from django.conf import settings

    if settings.HAMDEL_IMAP_POLL_SECONDS > 0:
        from hamdel.connectors.email.imap import poll_forever

        threading.Thread(
            target=poll_forever, args=(settings.HAMDEL_IMAP_POLL_SECONDS,), name="hamdel-imap", daemon=True
        ).start()


def _start_scheduler_thread() -> threading.Event:
    from hamdel.core.schedule import run_forever

    stop = threading.Event()
    threading.Thread(target=run_forever, args=(stop,), name="hamdel-scheduler", daemon=True).start()
    return stop


def scheduler(args: argparse.Namespace) -> int:
    """Exactly one per installation when not using `hamdel serve`: enqueues the periodic tasks."""
    _setup()
    from hamdel.core.schedule import run_forever

    print("Hamdel scheduler running (Ctrl+C stops it)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        run_forever(threading.Event())
    return 0


def _default_public_url(host: str, port: int) -> None:
    """Survey links, QR codes and tracking links point at this server when HAMDEL_PUBLIC_URL is unset
    (not at port 8000 when the demo runs on another port)."""
    from django.conf import settings

    if not settings.HAMDEL_PUBLIC_URL:
        import ipaddress

        try:
            unspecified = ipaddress.ip_address(host).is_unspecified  # listening on every address
        except ValueError:
            unspecified = not host
        shown = "127.0.0.1" if unspecified else host
        if ":" in shown and not shown.startswith("["):
            shown = f"[{shown}]"
        settings.HAMDEL_PUBLIC_URL = f"http://{shown}:{port}"


SERVERS = ("granian", "granian-wsgi", "uvicorn")


def _cores() -> int:
    """The cores this process may run on (taskset and cgroup-pinned runs count as what they get)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _start_worker_process(excluded: list[str]) -> subprocess.Popen[bytes]:
    """The task worker in its own process at the lowest CPU priority (nice 19): ingest keeps answering in
    a burst and the analysis backlog drains in the time the web processes leave free."""
    cmd = [sys.executable, "-m", "hamdel.cli", "worker"]
    for queue in excluded:
        cmd += ["--exclude-queue", queue]
    return subprocess.Popen(cmd, preexec_fn=lambda: os.nice(19))


def serve(args: argparse.Namespace) -> int:
    """Web processes (granian, `--workers N`), a task worker process, and the scheduler in this one."""
    _prepare()
    from django.conf import settings
    from django.db import connections

    redis = bool(settings.REDIS_URL)
    server = args.server or os.environ.get("HAMDEL_SERVER", "granian")
    workers = args.workers or (_cores() if redis else 1)
    if workers > 1 and not redis:
        print(
            "Warning: without HAMDEL_REDIS_URL live updates reach only the browsers connected to the web"
            " process that sent them; set HAMDEL_REDIS_URL (Redis) when running --workers > 1.",
            file=sys.stderr,
            flush=True,
        )
    # Without Redis the in-memory Channels layer lives in the web process: it runs the "live" queue itself.
    live_local = not redis and server != "granian-wsgi"
    child = None
    if not (args.no_worker or args.web_only):
        child = _start_worker_process(excluded=["live"] if live_local else [])
    if not args.web_only:  # one scheduler and one set of receivers per installation
        _start_scheduler_thread()
        _start_channel_receivers()
    url = f"http://{args.host}:{args.port}/"
    _default_public_url(args.host, args.port)
    os.environ["HAMDEL_PUBLIC_URL"] = settings.HAMDEL_PUBLIC_URL
    if live_local:
        os.environ["HAMDEL_SERVE_LIVE_THREAD"] = "1"
    connections.close_all()  # the web processes open their own
    print(f"Hamdel is running at {url}  ({server}, {workers} web process(es); Ctrl+C stops it)", flush=True)
    log_level = os.environ.get("HAMDEL_LOG_LEVEL", "warning").lower()
    try:
        if server == "uvicorn":
            import uvicorn

            uvicorn.run(
                "hamdel.config.asgi:application",
                host=args.host,
                port=args.port,
                workers=workers,
                log_level=log_level,
                lifespan="off",
            )
        else:
            from granian import Granian
            from granian.constants import Interfaces
            from granian.log import LogLevels

            wsgi = server == "granian-wsgi"
            Granian(
                "hamdel.config.wsgi:application" if wsgi else "hamdel.config.asgi:application",
                address=args.host,
                port=args.port,
                interface=Interfaces.WSGI if wsgi else Interfaces.ASGINL,
                workers=workers,
                blocking_threads=1 if wsgi else None,
                websockets=not wsgi,
                log_level=LogLevels(log_level if log_level in {m.value for m in LogLevels} else "warning"),
                respawn_failed_workers=True,
            ).serve()
    finally:
        if child is not None:
            child.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(10)
    return 0


def demo(args: argparse.Namespace) -> int:
    _prepare()
    from hamdel.demo.loader import DEMO_PASSWORD, DEMO_USER, load_demo

    created = load_demo()
    print("Demo data loaded." if created else "Demo data already present.")
    print(f"Log in as  {DEMO_USER} / {DEMO_PASSWORD}  (admin: admin / {DEMO_PASSWORD})")
    return serve(args)


def worker(args: argparse.Namespace) -> int:
    _setup()
    _start_imap_thread()
    from hamdel.core.recovery import run_worker

    excluded = [q for q in getattr(args, "exclude_queue", None) or [] if q]
    print("Hamdel worker running (Ctrl+C stops it)", flush=True)
    run_worker(interval=float(os.environ.get("HAMDEL_WORKER_INTERVAL", "1")), excluded=excluded or None)
    return 0


def _operator_language(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a command in the operator's language: Persian or English from LC_ALL/LC_MESSAGES/LANG, else
    the site's default (Persian)."""

    def run(args: argparse.Namespace) -> int:
        _setup()
        from django.conf import settings
        from django.utils import translation

        value = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
        code = value.split(".")[0].split("_")[0].lower()
        with translation.override(code if code in ("fa", "en") else settings.LANGUAGE_CODE):
            return command(args)

    return run


def _refuse(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


@_operator_language
def createuser(args: argparse.Namespace) -> int:
    """Create a staff user through the same action as the API and the settings page."""
    _prepare()
    import getpass

    from django.utils.translation import gettext as _

    from hamdel.accounts.services import generate_password, user_create
    from hamdel.core.errors import ApplicationError

    password, generated = args.password or "", False
    if not password and sys.stdin.isatty():
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            return _refuse(_("The two passwords differ; nothing was created."))
    if not password:
        password, generated = generate_password(), True
    try:
        user = user_create(
            username=args.username,
            password=password,
            role=args.role,
            email=args.email or "",
            teams=args.team or [],
        )
    except ApplicationError as exc:
        return _refuse(exc.message)
    print(_("User %(name)s (%(role)s) created.") % {"name": user.username, "role": user.get_role_display()})
    if generated:
        print(_("Password (shown only this once): %(password)s") % {"password": password})
    return 0


def createadmin(args: argparse.Namespace) -> int:
    """Kept for existing scripts: `createuser NAME --role admin`."""
    args.role, args.team = "admin", []
    args.password = args.password or os.environ.get("HAMDEL_ADMIN_PASSWORD")
    return createuser(args)


@_operator_language
def createapikey(args: argparse.Namespace) -> int:
    _prepare()
    from django.utils.translation import gettext as _

    from hamdel.accounts.models import User
    from hamdel.accounts.selectors import first_admin
    from hamdel.accounts.services import api_key_create
    from hamdel.core.errors import ApplicationError

    user: User | str | None = args.user
    if user is None:  # no --user: the first admin, as before
        user = first_admin()
        if user is None:
            return _refuse(
                _("No admin user exists: run `hamdel createadmin` first, or name one with --user.")
            )
    try:
        key, plain = api_key_create(name=args.name, user=user)
    except ApplicationError as exc:
        return _refuse(exc.message)
    print(plain)
    print(
        _("API key '%(name)s' acts as %(user)s (%(role)s). It is shown only this once.")
        % {"name": key.name, "user": key.user.username, "role": key.user.get_role_display()},
        file=sys.stderr,
    )
    return 0


def replay(args: argparse.Namespace) -> int:
    _prepare()
    from hamdel.connectors.pipeline import replay as replay_envelopes

    since = _parse_since(args.since) if args.since else None
    counts = replay_envelopes(ids=args.ids or None, received=args.received, since=since)
    print(
        f"replayed: {counts['ingested']} ingested, {counts['failed']} still failing "
        f"({counts['duplicate']} duplicates, {counts['skipped']} done meanwhile)"
    )
    return 0 if counts["failed"] == 0 else 1


def _parse_since(value: str) -> datetime.datetime:
    """`--since 2026-12-03`, `--since 2026-12-03T10:00` (UTC unless an offset is given) or `--since 2h`."""
    from django.utils import timezone

    units = {"m": 60, "h": 3600, "d": 86400}
    if value[-1:] in units and value[:-1].isdigit():
        return timezone.now() - datetime.timedelta(seconds=int(value[:-1]) * units[value[-1]])
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise SystemExit(f"--since: not a date, a date-time or a duration like 2h: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def doctor(args: argparse.Namespace) -> int:
    """Stuck, failed and lagging work with counts; exits 1 when something is stuck (for monitoring)."""
    _setup()
    import json

    from hamdel.core import recovery

    if args.fix:
        done = recovery.recover()
        print("recovered: " + ", ".join(f"{k}={v}" for k, v in done.items()), flush=True)
    rows = recovery.figures()
    if args.json:
        print(json.dumps({"stuck": recovery.is_stuck(rows), "figures": rows}, ensure_ascii=False))
    else:
        for row in rows:
            count = "?" if row["count"] is None else row["count"]
            print(f"{row['severity']:8} {row['key']:22} {count:>7}  {row['label']}")
    return 1 if recovery.is_stuck(rows) else 0


def backup(args: argparse.Namespace) -> int:
    """A consistent copy of the database (while Hamdel runs), the secret key and the attachments."""
    _setup()
    from pathlib import Path

    from hamdel.core.backup import backup_write

    for path in backup_write(Path(args.destination)):
        print(path)
    return 0


def import_email(args: argparse.Namespace) -> int:
    """Ingest .eml files, directories of them and mbox files; print what happened to each."""
    _setup()
    _manage("migrate", "--no-input", "-v", "0")
    import json
    from pathlib import Path

    from hamdel.connectors.email.importer import import_paths

    summary = import_paths([Path(p) for p in args.paths], inbox_id=args.inbox)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        counts = f"ingested: {summary.ingested}, duplicates: {summary.duplicates}"
        print(f"{counts}, refused: {len(summary.refused)}")
        for item in summary.refused:
            print(f"refused {item['file']}: {item['reason']}")
    return 0 if not summary.refused else 1


def import_orders(args: argparse.Namespace) -> int:
    """A shop's orders from a CSV file (one row per item), as Hamdel itself; print the rows refused."""
    _setup()
    _manage("migrate", "--no-input", "-v", "0")
    import json
    from pathlib import Path

    from hamdel.core.errors import ApplicationError
    from hamdel.core.permissions import SYSTEM
    from hamdel.customers.orders import orders_import

    try:
        summary = orders_import(actor=SYSTEM, text=Path(args.file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ApplicationError) as exc:
        return _refuse(str(exc))
    if args.json:
        print(json.dumps(summary.__dict__, ensure_ascii=False, default=str))
    else:
        print(f"created: {summary.created}, unchanged: {summary.unchanged}, refused: {len(summary.errors)}")
        for error in summary.errors:
            print(f"row {error['row']} ({error['external_id']}): {error['message']}")
    return 0 if not summary.errors else 1


@_operator_language
def customer(args: argparse.Namespace) -> int:
    """`hamdel customer export ID` prints (or writes) everything held about a customer as JSON;
    `hamdel customer erase ID --reason …` erases their personal data (asks first unless --yes)."""
    _setup()
    _manage("migrate", "--no-input", "-v", "0")
    import json
    from pathlib import Path

    from hamdel.core.errors import ApplicationError
    from hamdel.core.permissions import SYSTEM
    from hamdel.customers.privacy import customer_erase, customer_export, customer_for_privacy

    try:
        found = customer_for_privacy(actor=SYSTEM, customer_id=args.id)
        if args.action == "export":
            text = json.dumps(customer_export(actor=SYSTEM, customer=found), ensure_ascii=False, indent=2)
            if args.out:
                Path(args.out).write_text(text + "\n", encoding="utf-8")
            else:
                print(text)
            return 0
        if not args.yes:
            answer = input(f"Erase the personal data of customer {found.pk} ({found.name or '-'})? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "بله"):
                return _refuse("Nothing was erased.")
        counts = customer_erase(actor=SYSTEM, customer=found, reason=args.reason or "")
    except (OSError, ApplicationError) as exc:
        return _refuse(str(exc))
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def insights(args: argparse.Namespace) -> int:
    """`hamdel insights rebuild --since YYYY-MM-DD [--rollups-only]`: recompute the reports' tables."""
    _prepare()
    from hamdel.core.errors import ApplicationError
    from hamdel.core.permissions import SYSTEM
    from hamdel.insights.periods import parse_day
    from hamdel.insights.services import insights_rebuild

    try:
        done = insights_rebuild(
            actor=SYSTEM, since=parse_day(args.since, field_name="since"), rollups_only=args.rollups_only
        )
    except ApplicationError as exc:
        return _refuse(exc.message)
    print(f"rebuilt: {done.conversations} conversations, {done.days} days from {done.since.isoformat()}")
    return 0


def _import_rows(path: str) -> list[dict[str, object]]:
    """JSONL: one POST /inbound body a line. CSV: columns channel, external_id, text and any of name, email,
    phone, handle, subject, thread_key, sent_at (UTF-8, a header row)."""
    import csv
    import json

    with open(path, encoding="utf-8-sig", newline="") as f:
        if path.endswith((".jsonl", ".ndjson", ".json")):
            return [json.loads(line) for line in f if line.strip()]
        rows = []
        for row in csv.DictReader(f):
            item: dict[str, object] = {k: (row.get(k) or "") for k in ("channel", "external_id", "text")}
            item["customer"] = {k: row[k] for k in ("name", "email", "phone", "handle") if row.get(k)}
            item.update({k: row[k] for k in ("subject", "thread_key", "sent_at") if row.get(k)})
            rows.append(item)
        return rows


def import_messages(args: argparse.Namespace) -> int:
    """Customer messages from a CSV or JSONL file, through the batch intake (500 a transaction)."""
    _setup()
    import json

    from hamdel.connectors.pipeline import BATCH_MAX, receive_batch

    rows = _import_rows(args.file)
    counts = {"created": 0, "duplicates": 0, "failed": 0}
    refused: list[dict[str, object]] = []
    for start in range(0, len(rows), BATCH_MAX):
        results = receive_batch(
            source="api", items=rows[start : start + BATCH_MAX], headers={"import": args.file}
        )
        for i, result in enumerate(results, start=start + 1):
            if result.status >= 400:
                counts["failed"] += 1
                refused.append({"row": i, "status": result.status, **result.body})
            else:
                counts["created" if result.status == 201 else "duplicates"] += 1
    if args.json:
        print(json.dumps({**counts, "refused": refused}, ensure_ascii=False))
    else:
        print(
            f"created {counts['created']}, already stored {counts['duplicates']}, refused {counts['failed']}"
        )
        for r in refused[:20]:
            print(f"  row {r['row']}: {r.get('message')} {r.get('extra') or ''}")
    return 1 if counts["failed"] else 0


def manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hamdel manage", *args.rest])
    return 0


def _language(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        rest = list(args.rest)
        if name == "train" and "--with-corrections" in rest:
            rest = _with_exported_corrections(rest)
        module = importlib.import_module(f"hamdel.language.{name}")
        return int(module.main(rest) or 0)

    return run


def _with_exported_corrections(rest: list[str]) -> list[str]:
    """`--with-corrections` without a file: export the agents' corrections from the database first."""
    i = rest.index("--with-corrections")
    if i + 1 < len(rest) and not rest[i + 1].startswith("-"):
        return rest
    _prepare()
    from django.conf import settings

    from hamdel.conversations.analysis import export_corrections

    path = settings.DATA_DIR / "corrections.jsonl"
    count = export_corrections(path)
    print(f"{count} corrected messages exported to {path}", file=sys.stderr)
    return [*rest[: i + 1], str(path), *rest[i + 1 :]]


PASS_THROUGH: dict[str, Callable[[argparse.Namespace], int]] = {
    "manage": manage,
    "train": _language("train"),
    "evaluate": _language("evaluate"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hamdel", description="Hamdel — Persian-first customer service")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        ("serve", serve, "apply migrations, run the web server and a task worker"),
        ("demo", demo, "like serve, with demo data loaded once"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--host", default=os.environ.get("HAMDEL_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("HAMDEL_PORT", "8000")))
        p.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("HAMDEL_WEB_WORKERS", "0")),
            help="web processes (default: the number of cores with Redis, 1 without)",
        )
        p.add_argument("--server", choices=SERVERS, help="default granian (ASGI: HTTP and WebSockets)")
        p.add_argument("--no-worker", action="store_true", help="run no task worker (run `hamdel worker`)")
        p.add_argument(
            "--web-only",
            action="store_true",
            help="web processes only: no worker, scheduler or mail receivers (many machines, docs/deploy.md)",
        )
        p.set_defaults(func=func)
    p = sub.add_parser("worker", help="run a task worker (one per process)")
    p.add_argument("--exclude-queue", action="append", help="a task queue this worker leaves alone")
    p.set_defaults(func=worker)
    sub.add_parser("scheduler", help="enqueue periodic tasks (run one; `serve` includes it)").set_defaults(
        func=scheduler
    )
    p = sub.add_parser("createuser", help="create a staff user (agent, supervisor or admin)")
    p.add_argument("username")
    p.add_argument("--role", choices=["agent", "supervisor", "admin"], default="agent")
    p.add_argument("--email")
    p.add_argument(
        "--password", help="default: asked for on a terminal, otherwise generated and printed once"
    )
    p.add_argument("--team", action="append", help="a team name or id (repeat for several)")
    p.set_defaults(func=createuser)
    p = sub.add_parser("createadmin", help="create an admin user (createuser --role admin)")
    p.add_argument("username")
    p.add_argument("--email")
    p.add_argument("--password")
    p.set_defaults(func=createadmin)
    p = sub.add_parser("createapikey", help="create an API key and print it once")
    p.add_argument("name")
    p.add_argument(
        "--user", help="the user the key acts as, with that user's role (default: the first admin)"
    )
    p.set_defaults(func=createapikey)
    p = sub.add_parser("replay", help="re-run inbound envelopes that failed to parse (or were left unparsed)")
    p.add_argument("ids", nargs="*", type=int)
    p.add_argument("--received", action="store_true", help="also envelopes still 'received' (after a crash)")
    p.add_argument("--since", help="only envelopes received since: 2026-12-03, 2026-12-03T10:00 or 2h")
    p.set_defaults(func=replay)
    p = sub.add_parser("doctor", help="stuck, failed and lagging work; exit status 1 when something is stuck")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--fix", action="store_true", help="run the crash recovery once before counting")
    p.set_defaults(func=doctor)
    p = sub.add_parser("backup", help="online backup: database (SQLite backup API or pg_dump), key, media")
    p.add_argument("destination", help="a folder; created if missing")
    p.set_defaults(func=backup)
    p = sub.add_parser("import-email", help="ingest .eml files, directories of them and mbox files")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    p.add_argument("--inbox", type=int, help="the e-mail inbox (id) the messages belong to")
    p.set_defaults(func=import_email)
    p = sub.add_parser("import", help="import customer messages from a CSV or JSONL file (batch intake)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object with the counts and errors")
    p.set_defaults(func=import_messages)
    p = sub.add_parser("import-orders", help="import a shop's orders from a CSV file (one row per item)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object with the counts and errors")
    p.set_defaults(func=import_orders)
    p = sub.add_parser("customer", help="export or erase one customer's personal data (docs/privacy.md)")
    p.add_argument("action", choices=["export", "erase"])
    p.add_argument("id", type=int)
    p.add_argument("--out", help="export: write the JSON to this file instead of printing it")
    p.add_argument("--reason", help="erase: why (kept in the audit log)")
    p.add_argument("--yes", action="store_true", help="erase without asking")
    p.set_defaults(func=customer)
    p = sub.add_parser("insights", help="the reports' tables: `insights rebuild --since YYYY-MM-DD`")
    p.add_argument("action", choices=["rebuild"])
    p.add_argument("--since", required=True, help="first local day to recompute (YYYY-MM-DD)")
    p.add_argument("--rollups-only", action="store_true", help="keep the facts, recompute the rollups")
    p.set_defaults(func=insights)
    for name, help_text in (
        ("manage", "any Django management command"),
        ("train", "train the language models (--with-corrections adds the agents' corrections)"),
        ("evaluate", "evaluate the language models on a labelled file"),
    ):
        p = sub.add_parser(name, help=help_text, add_help=False)
        p.add_argument("rest", nargs=argparse.REMAINDER)
        p.set_defaults(func=PASS_THROUGH[name])
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in PASS_THROUGH:
        # argparse cannot hand "--options" to a REMAINDER positional: pass them through untouched.
        return int(PASS_THROUGH[argv[0]](argparse.Namespace(rest=argv[1:])) or 0)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
