"""CPU per inbound message on the request path, in process: full middleware vs the lean API-key path, with
and without persistent connections. Interleaved rounds in one process, CPU time (not wall time), so the
figures hold on a busy shared machine where wall-clock load tests do not.

    PYTHONPATH=src .venv/bin/python bench/ingest_path.py [N]      # SQLite in a temporary data directory
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]

import io  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from contextlib import redirect_stdout  # noqa: E402

from _setup import setup_django, wsgi_post  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connections

    from hamdel.cli import main as cli
    from hamdel.config.lean import LeanWSGIHandler

    cli(["createadmin", "bench", "--email", "b@example.com", "--password", "bench-Pass-1234"])
    out = io.StringIO()
    with redirect_stdout(out):
        cli(["createapikey", "bench"])
    key = [w for w in out.getvalue().split() if len(w) > 20][-1]
    texts = [
        json.loads(line)["text"]
        for line in (Path(settings.REPO_DIR) / "data/corpus/hamdel-corpus-v1.jsonl").open()
    ]
    handlers = {"full": WSGIHandler(), "lean": LeanWSGIHandler()}
    counter = iter(range(10**9))

    def post(handler: WSGIHandler) -> None:
        i = next(counter)
        body = {
            "channel": "api",
            "external_id": f"p-{i}",
            "customer": {"email": f"c{i % 300}@example.com"},
            "text": texts[i % len(texts)],
        }
        wsgi_post(handler, json.dumps(body, ensure_ascii=False), key)

    results: dict[str, list[float]] = {}
    for _round in range(3):
        for name, handler in handlers.items():
            for conn_max_age in (0, 300):
                connections["default"].settings_dict["CONN_MAX_AGE"] = conn_max_age
                connections.close_all()
                t0 = time.process_time()
                for _ in range(N):
                    post(handler)
                ms = (time.process_time() - t0) * 1000 / N
                results.setdefault(f"{name} middleware, CONN_MAX_AGE={conn_max_age}", []).append(ms)
    for label, values in results.items():
        print(
            json.dumps(
                {
                    "path": label,
                    "cpu_ms_per_msg": round(min(values), 2),
                    "rounds": [round(v, 2) for v in values],
                }
            )
        )


if __name__ == "__main__":
    main()
