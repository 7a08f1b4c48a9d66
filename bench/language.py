"""Language module benchmark: model load time, analyse throughput on one core, resident memory.

Run: .venv/bin/python bench/language.py [--batches N] [--batch-size 256]
Uses the corpus texts (cycled) as input; numbers go into docs/language.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    """Current resident set size in MB (from /proc, falling back to the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--batch-size", type=int, default=256)
    args = p.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    rss0 = rss_mb()
    t0 = time.perf_counter()
    import hamdel.language as lang

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    models = lang.load_models()
    t_load = time.perf_counter() - t1
    rss_loaded = rss_mb()

    from hamdel.language.data import CORPUS_PATH, read_jsonl

    texts = [r["text"] for r in read_jsonl(CORPUS_PATH)]
    lang.analyze(texts[: args.batch_size])  # warm up
    n = 0
    t2 = time.perf_counter()
    for b in range(args.batches):
        start = (b * args.batch_size) % len(texts)
        batch = (texts[start:] + texts)[: args.batch_size]
        n += len(lang.analyze(batch))
    elapsed = time.perf_counter() - t2
    rss_run = rss_mb()

    size = sum(f.stat().st_size for f in lang.model_dir().iterdir() if f.is_file())
    mean_len = sum(map(len, texts)) / len(texts)
    print(f"models             {models.version} ({size / 1e6:.1f} MB on disk, {lang.model_dir()})")
    print(f"import module      {t_import * 1000:.0f} ms")
    print(f"load models        {t_load * 1000:.0f} ms")
    print(f"import + load      {(t_import + t_load) * 1000:.0f} ms")
    print(
        f"analyse            {n / elapsed:,.0f} messages/s  (one core, batches of {args.batch_size}, "
        f"{n} corpus messages of {mean_len:.0f} chars on average)"
    )
    print(f"RSS before import  {rss0:.0f} MB")
    print(f"RSS models loaded  {rss_loaded:.0f} MB  (+{rss_loaded - rss0:.0f} MB)")
    print(f"RSS after analyse  {rss_run:.0f} MB  (+{rss_run - rss0:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
