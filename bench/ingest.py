"""Messages per second through ingest() (store, thread, index, enqueue follow-up tasks), without analysis.

.venv/bin/python bench/ingest.py [N]                      # SQLite in a temporary data directory
HAMDEL_DATABASE_URL=postgres://… .venv/bin/python bench/ingest.py [N]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

# bench/ also holds email.py: keep the folder behind the standard library so `email` stays the stdlib's.
HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
from _setup import setup_django  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection

    from hamdel.conversations.services import ingest
    from hamdel.conversations.types import InboundMessage

    corpus = Path(settings.REPO_DIR) / "data" / "corpus" / "hamdel-corpus-v1.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    messages = [
        InboundMessage(
            channel="api",
            identity_kind="handle",
            address=f"customer-{i % 500}",
            customer_name=f"مشتری {i % 500}",
            text=texts[i % len(texts)],
            external_id=f"bench-{i}",
            thread_key=f"thread-{i % 1500}",
        )
        for i in range(N)
    ]
    from hamdel.core.events import suppressed

    half = N // 2
    started = time.perf_counter()
    for message in messages[:half]:
        ingest(message)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    with suppressed():
        for message in messages[half:]:
            ingest(message)
    elapsed_quiet = time.perf_counter() - started
    # a redelivery of everything must store nothing new
    started_dup = time.perf_counter()
    for message in messages[:500]:
        assert not ingest(message).created
    dup_elapsed = time.perf_counter() - started_dup
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "messages": N,
                "messages_per_second": round(half / elapsed, 1),
                "messages_per_second_without_follow_up_tasks": round((N - half) / elapsed_quiet, 1),
                "duplicates_per_second": round(500 / dup_elapsed, 1),
                "note": "each ingest also enqueues its follow-up task (live update, analysis)",
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
