"""CPU per single POST /api/v1/inbound through the real ASGI application, in process, c clients at once.

Drives `hamdel.config.asgi.application` with asyncio (no sockets, no server): every request goes through
the dispatcher, the lean or full chain, ninja, the key check and group commit exactly as under granian.
Reports process CPU (all threads) per message, and the store alone (`receive_many` in groups of the same
size) so the difference is the request path around the store. `--profile` prints a cProfile of a
single-threaded run of the same request (WSGI lean chain, group commit off) by stage.

    PYTHONPATH=src .venv/bin/python bench/ingest_asgi.py [-n 1000] [-c 8] [--profile]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from contextlib import redirect_stdout  # noqa: E402

from _setup import setup_django, wsgi_post  # noqa: E402


def _key() -> str:
    from hamdel.cli import main as cli

    cli(["createadmin", "bench", "--email", "b@example.com", "--password", "bench-Pass-1234"])
    out = io.StringIO()
    with redirect_stdout(out):
        cli(["createapikey", "bench"])
    return [w for w in out.getvalue().split() if len(w) > 20][-1]


def _texts() -> list[str]:
    from django.conf import settings

    path = Path(settings.REPO_DIR) / "data/corpus/hamdel-corpus-v1.jsonl"
    return [json.loads(line)["text"] for line in path.open()]


class Bodies:
    def __init__(self, run: str) -> None:
        self.texts = _texts()
        self.run = run
        self.i = 0

    def next(self) -> bytes:
        self.i += 1
        i = self.i
        body = {
            "channel": "api",
            "external_id": f"{self.run}-{i}",
            "customer": {"email": f"c{i % 300}@example.com", "name": "مشتری"},
            "text": self.texts[i % len(self.texts)],
        }
        return json.dumps(body, ensure_ascii=False).encode()


async def _call(app: object, body: bytes, key: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/inbound",
        "raw_path": b"/api/v1/inbound",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"authorization", f"Bearer {key}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 0

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)  # type: ignore[operator]
    return status


async def _load(app: object, key: str, bodies: Bodies, n: int, c: int) -> list[int]:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for _ in range(n):
        queue.put_nowait(bodies.next())
    statuses: list[int] = []

    async def client() -> None:
        while not queue.empty():
            statuses.append(await _call(app, queue.get_nowait(), key))

    await asyncio.gather(*(client() for _ in range(c)))
    return statuses


def run_asgi(key: str, n: int, c: int, label: str) -> dict:
    from hamdel.config.asgi import application
    from hamdel.connectors import group

    bodies = Bodies(label)
    asyncio.run(_load(application, key, bodies, 50, c))  # warm up: imports, caches, connections
    g0, i0 = group.committer().groups, group.committer().items
    t0, w0 = time.process_time(), time.perf_counter()
    statuses = asyncio.run(_load(application, key, bodies, n, c))
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    groups = group.committer().groups - g0
    size = (group.committer().items - i0) / max(groups, 1)
    assert all(s == 201 for s in statuses), {s: statuses.count(s) for s in set(statuses)}
    return {
        "path": label,
        "c": c,
        "n": n,
        "cpu_ms_per_msg": round(cpu * 1000 / n, 3),
        "wall_msg_per_s": round(n / wall, 1),
        "mean_group": round(size, 1),
    }


def run_store(n: int, group_size: int) -> dict:
    from hamdel.connectors.pipeline import receive_many

    bodies = Bodies(f"store{group_size}")
    receive_many([("api", bodies.next(), {}) for _ in range(group_size)])
    t0 = time.process_time()
    done = 0
    while done < n:
        receive_many(
            [("api", bodies.next(), {"Content-Type": "application/json"}) for _ in range(group_size)]
        )
        done += group_size
    return {
        "path": f"store only (receive_many, groups of {group_size})",
        "cpu_ms_per_msg": round((time.process_time() - t0) * 1000 / done, 3),
    }


def profile(key: str, n: int) -> None:
    import cProfile
    import pstats

    from django.conf import settings

    from hamdel.config.lean import LeanWSGIHandler

    settings.HAMDEL_GROUP_COMMIT = False
    handler = LeanWSGIHandler()
    bodies = Bodies("prof")

    def post() -> None:
        wsgi_post(handler, bodies.next(), key)

    for _ in range(30):
        post()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        post()
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = {}
    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows[f"{Path(file).name}:{name}"] = max(rows.get(f"{Path(file).name}:{name}", 0), ct)
    print(json.dumps({"profiled_ms_per_msg": round(total * 1000 / n, 3)}))
    stages = [
        "base.py:get_response",
        "base.py:_get_response",
        "operation.py:run",
        "operation.py:_run_authentication",
        "services.py:api_key_authenticate",
        "api.py:inbound",
        "pipeline.py:receive",
        "ingest.py:envelope_store",
        "pipeline.py:process",
        "parser.py:parse",
        "ingest.py:ingest",
        "ingest.py:_preview",
        "operation.py:_result_to_response",
    ]
    for name in stages:
        if name in rows:
            print(json.dumps({"stage": name, "ms_per_msg": round(rows[name] * 1000 / n, 3)}))
    stats.sort_stats("cumulative").print_stats(45)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-c", type=int, default=8)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    setup_django()
    key = _key()
    if args.profile:
        profile(key, args.n)
        return
    for r in range(args.rounds):
        print(json.dumps(run_asgi(key, args.n, args.c, f"asgi-r{r}")), flush=True)
    print(json.dumps(run_store(args.n, 8)), flush=True)


if __name__ == "__main__":
    main()
