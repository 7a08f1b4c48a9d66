"""Messages per second over HTTP: `hamdel serve` started here, corpus messages POSTed, stored rows counted.

    PYTHONPATH=src .venv/bin/python bench/ingest_http.py                       # SQLite, c = 1, 8, 32
    PYTHONPATH=src .venv/bin/python bench/ingest_http.py --batch 100 -c 8      # POST /api/v1/inbound/batch
    PYTHONPATH=src .venv/bin/python bench/ingest_http.py --workers 4 --server-cpus 0-1 \
        --database-url postgres://u:p@127.0.0.1:5432/hamdel_bench             # PostgreSQL (flushed first)

The server runs pinned to --server-cpus (default CPU 0), the load to --client-cpus (default CPU 1): the
machine is shared, so each line also reports the load average. The client is the standard library
(http.client, keep-alive, one connection per thread). "lost" = acknowledged (2xx) minus rows stored;
"drain_s" = seconds until the analysis task queue is empty after the last run. Everything stops by itself:
every run has --max-seconds, the server is stopped by its process group.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ also holds email.py: keep the folder behind the standard library so `email` stays the stdlib's.
HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "corpus" / "hamdel-corpus-v1.jsonl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data_dir: str, database_url: str) -> dict[str, str]:
    src = os.environ.get("HAMDEL_BENCH_SRC", str(REPO / "src"))  # e.g. another checkout, for a before figure
    env = dict(os.environ, HAMDEL_DATA_DIR=data_dir, PYTHONPATH=src)
    if database_url:
        env["HAMDEL_DATABASE_URL"] = database_url
    return env


def _cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "hamdel.cli", *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def _sql(env: dict[str, str], query: str) -> int:
    """One count through Django (works on SQLite and PostgreSQL alike)."""
    code = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','hamdel.config.settings');"
        "django.setup();from django.db import connection;c=connection.cursor();"
        f"c.execute({query!r});print(c.fetchone()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (the web workers)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = max(total, int(line.split()[1]))
        except OSError:
            pass
    return total


def _tree(pid: int) -> list[int]:
    out = [pid]
    for child in (
        Path(f"/proc/{pid}/task/{pid}/children").read_text().split() if Path(f"/proc/{pid}").exists() else []
    ):
        out += _tree(int(child))
    return out


def _cpu_s(pid: int) -> dict[str, float]:
    """CPU seconds used so far by the web processes and by the task worker (a busy shared machine
    stretches wall-clock figures; CPU per message does not move with the neighbours' load)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"web": 0.0, "worker": 0.0}
    for p in _tree(pid):
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ")
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used["worker" if b" worker" in cmd else "web"] += (int(fields[11]) + int(fields[12])) / tick
    return used


def _texts() -> list[str]:
    return [json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line.strip()]


def _message(i: int, run: str, texts: list[str]) -> dict:
    return {
        "channel": "api",
        "external_id": f"{run}-{i}",
        "customer": {"name": f"مشتری {i % 700}", "email": f"c{i % 700}@example.com"},
        "subject": "",
        "text": texts[i % len(texts)],
    }


def run_load(
    port: int, key: str, *, n: int, c: int, batch: int, run: str, max_seconds: float
) -> dict[str, object]:
    """POST n messages with c threads; returns acknowledged messages, statuses and latencies."""
    texts = _texts()
    bodies: list[bytes] = []
    if batch:
        for start in range(0, n, batch):
            items = [_message(i, run, texts) for i in range(start, min(n, start + batch))]
            bodies.append(json.dumps({"messages": items}, ensure_ascii=False).encode())
        path = "/api/v1/inbound/batch"
    else:
        bodies = [json.dumps(_message(i, run, texts), ensure_ascii=False).encode() for i in range(n)]
        path = "/api/v1/inbound"
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    lock = threading.Lock()
    state = {"next": 0, "acked": 0}
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    deadline = time.perf_counter() + max_seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= len(bodies):
                break
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=bodies[i], headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                continue
            elapsed = time.perf_counter() - t0
            acked = 0
            if batch and status == 200:
                acked = sum(1 for r in json.loads(data)["results"] if r["status"] in (200, 201))
            elif not batch and status in (200, 201):
                acked = 1
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                latencies.append(elapsed)
                state["acked"] += acked
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(c)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ordered = sorted(latencies) or [0.0]
    return {
        "acked": state["acked"],
        "wall_s": round(wall, 2),
        "msg_per_s": round(state["acked"] / wall, 1),
        "requests": len(latencies),
        "statuses": statuses,
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="messages per run")
    ap.add_argument("-c", type=int, action="append", help="concurrency (repeat; default 1, 8, 32)")
    ap.add_argument("--batch", type=int, default=0, help="messages per batch request (0: single calls)")
    ap.add_argument("--workers", type=int, default=0, help="hamdel serve --workers (default: its own)")
    ap.add_argument("--server-cpus", default="0")
    ap.add_argument("--client-cpus", default="1")
    ap.add_argument("--database-url", default="", help="PostgreSQL URL (flushed if it can be)")
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("--drain-seconds", type=float, default=240, help="how long to wait for the backlog")
    ap.add_argument("--serve-args", default="", help="extra arguments for hamdel serve")
    args = ap.parse_args()
    # `timeout` and Ctrl+C must still stop the server below (its own session): unwind through `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.client_cpus:
        os.sched_setaffinity(0, {int(x) for x in re.split("[,-]", args.client_cpus)})
    data_dir = tempfile.mkdtemp(prefix="hamdel-http-bench-")
    env = _env(data_dir, args.database_url)
    if args.database_url:
        _cli(env, "manage", "migrate", "--no-input", "-v", "0")
        try:  # counts are deltas, so rows left from an earlier run do not matter
            _cli(env, "manage", "flush", "--no-input", "-v", "0")
        except subprocess.CalledProcessError:  # the append-only audit log refuses TRUNCATE (its DB guard)
            print(json.dumps({"note": "database not flushed (audit guard); counting deltas"}), flush=True)
    _cli(env, "manage", "migrate", "--no-input", "-v", "0")
    _cli(env, "createadmin", "bench", "--email", "bench@example.com", "--password", "bench-Pass-1234")
    key = re.findall(r"\S{20,}", _cli(env, "createapikey", "bench"))[-1]
    port = _free_port()
    cmd = ["taskset", "-c", args.server_cpus, sys.executable, "-m", "hamdel.cli", "serve"]
    cmd += ["--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(args.workers)] if args.workers else []
    cmd += args.serve_args.split()
    log = open(Path(data_dir) / "server.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(240):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(1)
        count = "SELECT count(*) FROM conversations_message WHERE direction = 'in'"
        backlog = (
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        )
        peak = 0
        for c in args.c or [1, 8, 32]:
            before = _sql(env, count)
            cpu0 = _cpu_s(server.pid)
            result = run_load(
                port,
                key,
                n=args.n,
                c=c,
                batch=args.batch,
                run=f"c{c}-{time.time_ns()}",
                max_seconds=args.max_seconds,
            )
            cpu1 = _cpu_s(server.pid)
            time.sleep(0.5)
            stored = _sql(env, count) - before
            peak = max(peak, _rss_kb(server.pid))
            line = {
                "db": "postgresql" if args.database_url else "sqlite",
                "workers": args.workers,
                "batch": args.batch,
                "c": c,
                **result,
                "stored": stored,
                "lost": max(0, int(result["acked"]) - stored),  # type: ignore[call-overload]
                "web_cpu_ms_per_msg": round((cpu1["web"] - cpu0["web"]) * 1000 / max(1, stored), 2),
                "worker_cpu_s": round(cpu1["worker"] - cpu0["worker"], 1),
                "backlog": _sql(env, backlog),
                "load_avg_1m": round(os.getloadavg()[0], 2),
            }
            print(json.dumps(line), flush=True)
        left = _sql(env, backlog)
        t0 = time.perf_counter()
        while left and time.perf_counter() - t0 < args.drain_seconds:
            time.sleep(1)
            left = _sql(env, backlog)
        drained = round(time.perf_counter() - t0, 1)
        print(
            json.dumps({"drain_s": drained, "left": left, "peak_rss_mb": round(peak / 1024, 1)}), flush=True
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


if __name__ == "__main__":
    main()
