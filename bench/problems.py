"""How long the recurring-problems clustering takes: vectorise + place onto existing problems + cluster.

    .venv/bin/python bench/problems.py [--sizes 1000 4000 20000] [--repeat 3]

Texts are the corpus's complaints (negative or complaint intents), repeated with a varying suffix so
that larger sizes do not simply duplicate texts. Pure Python, no database: the figure is the CPU cost of
one periodic run over a pool of that many unplaced complaints (POOL_LIMIT is 4000 per run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hamdel.language import problem_clusters as pc
from hamdel.language.data import CORPUS_PATH

COMPLAINT = {"negative", "very_negative"}


def complaints() -> list[str]:
    rows = [json.loads(line) for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows if r["sentiment"] in COMPLAINT]


def run(texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    bags = [pc.terms(t) for t in texts]
    idf = pc.Idf()
    idf.add(bags)
    vectors = [pc.vectorise(b, idf) for b in bags]
    half = len(vectors) // 2
    groups = pc.cluster(vectors[:half])
    centroids = {i: pc.centroid(vectors[j] for j in g) for i, g in enumerate(groups)}
    left = [v for v, k in zip(vectors[half:], pc.assign(vectors[half:], centroids), strict=True) if k is None]
    groups += pc.cluster(left)
    return time.perf_counter() - start, len(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = complaints()
    for size in args.sizes:
        texts = [
            base[i % len(base)] + ("" if i < len(base) else f" مورد {i // len(base)}") for i in range(size)
        ]
        times, problems = [], 0
        for _ in range(args.repeat):
            seconds, problems = run(texts)
            times.append(seconds)
        print(f"{size:>6} complaints: median {statistics.median(times):.2f} s, {problems} problems")


if __name__ == "__main__":
    main()
