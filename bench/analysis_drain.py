"""Analysis drain rate: N corpus messages ingested (their tasks queued in the database, as under
`hamdel serve`), then one worker runs the queue until it is empty. Reports messages analysed per second of
wall time and of worker CPU, and checks every message got exactly one analysis.

    PYTHONPATH=src .venv/bin/python bench/analysis_drain.py [-n 2000]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

from _setup import setup_django  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--dispatch-batch", type=int, help="HAMDEL_DISPATCH_BATCH (1 = one event per task)")
    ap.add_argument("--profile", action="store_true", help="print the worker's cProfile (slower)")
    ap.add_argument("--profile-out", help="also save the worker's cProfile stats to this file (pstats)")
    args = ap.parse_args()
    if args.dispatch_batch:
        os.environ["HAMDEL_DISPATCH_BATCH"] = str(args.dispatch_batch)
    setup_django()
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from hamdel.connectors.pipeline import receive_many
    from hamdel.conversations.models import Message, MessageAnalysis
    from hamdel.core.drain import BatchingWorker
    from hamdel.language import analyze

    analyze(["گرم کردن مدل"])  # load the models before timing
    texts = [
        json.loads(line)["text"]
        for line in (Path(settings.REPO_DIR) / "data/corpus/hamdel-corpus-v1.jsonl").open()
    ]
    for start in range(0, args.n, 100):
        receive_many(
            [
                (
                    "api",
                    json.dumps(
                        {
                            "channel": "api",
                            "external_id": f"d-{i}",
                            "customer": {"email": f"c{i % 400}@example.com"},
                            "text": texts[i % len(texts)],
                        },
                        ensure_ascii=False,
                    ),
                    {},
                )
                for i in range(start, min(start + 100, args.n))
            ]
        )
    queued = DBTaskResult.objects.ready().count()
    worker = BatchingWorker(
        queue_names=["*"],
        interval=0,
        batch=True,  # stop when the queue is empty
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="drain-bench",
        excluded_queue_names=[],
    )
    logging.disable(logging.INFO)  # the worker logs every task: not part of the drain's cost
    profile = cProfile.Profile() if args.profile or args.profile_out else None
    t0, c0 = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    worker.run()
    if profile:
        profile.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if profile and args.profile_out:
        profile.dump_stats(args.profile_out)
    elif profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    analysed = MessageAnalysis.objects.count()
    inbound = Message.objects.count()
    print(
        json.dumps(
            {
                "messages": inbound,
                "analysed": analysed,
                "tasks_queued": queued,
                "tasks_run": DBTaskResult.objects.count(),
                "dispatch_batch": settings.HAMDEL_DISPATCH_BATCH,
                "wall_s": round(wall, 1),
                "msg_per_s_wall": round(analysed / wall, 1),
                "msg_per_cpu_s": round(analysed / cpu, 1),
                "load": os.getloadavg()[0],
            }
        )
    )
    assert analysed == inbound, (analysed, inbound)


if __name__ == "__main__":
    main()
