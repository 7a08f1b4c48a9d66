"""Knowledge search latency at scale (docs/benchmarks.md, "Knowledge search").

    .venv/bin/python bench/kb_search.py [--scale N] [--no-e5]      # N default 10000; no database needed

Builds `core.search.SearchIndex` over N synthetic articles (title, 3 phrasings, tags, a 120-word body, with
the knowledge base's field weights), made by recombining the words of data/playbook/playbook-fa.json, and
reports: the cold build (every passage folded), the rebuild after one edit (folded passages cached), then
search latency (wall and CPU) for short, typed-ahead and 10,000-character queries, lexical and with the
embedding channel (random unit vectors stand in for the articles' stored e5 vectors: the cost is the same;
the query is embedded for real, and that cost is reported on its own), and e5's load time and RSS.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path = [str(HERE.parent / "src")] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from hamdel.core.search import SearchIndex  # noqa: E402

sys.path.append(str(HERE))
from _setup import percentiles  # noqa: E402

WEIGHTS = {"title": 3.0, "questions": 2.0, "tags": 1.0, "body": 1.0}  # as knowledge.selectors
SHORT = ("title", "questions")


def main() -> None:
    scale = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 10_000
    rnd = random.Random(12)
    entries = json.loads((HERE.parent / "data" / "playbook" / "playbook-fa.json").read_text())
    words = " ".join(e["title"] + " " + " ".join(e["phrasings"]) + " " + e["answer"] for e in entries).split()
    docs = [
        (
            i,
            {
                "title": " ".join(rnd.choices(words, k=6)),
                "questions": [" ".join(rnd.choices(words, k=6)) for _ in range(3)],
                "tags": rnd.choices(["ارسال", "پرداخت", "بازگشت", "حساب"], k=2),
                "body": " ".join(rnd.choices(words, k=120)),
            },
        )
        for i in range(scale)
    ]
    vectors = np.random.default_rng(12).standard_normal((scale * 4, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    owner = np.repeat(np.arange(scale), 4)
    for label in ("cold build", "rebuild after one edit"):
        if label != "cold build":
            docs[0] = (0, {**docs[0][1], "title": docs[0][1]["title"] + " ویرایش"})
        start, cpu = time.perf_counter(), time.process_time()
        index = SearchIndex(docs, weights=WEIGHTS, short_fields=SHORT, vectors=vectors, vector_owner=owner)
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        print(f"{label} of {scale} articles: {wall:.2f} s ({used:.2f} s CPU)")
    queries = [e["title"] for e in entries] + [p for e in entries for p in e["phrasings"]]
    use_e5 = "--no-e5" not in sys.argv
    qvec = None
    if use_e5:
        from hamdel.language import embed

        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        embed.available()
        load = time.perf_counter() - start
        embed_ms = []
        qvec = {}
        for q in queries:
            start = time.perf_counter()
            qvec[q] = embed.query(q)
            embed_ms.append((time.perf_counter() - start) * 1000)
        rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        print(f"e5: load {load * 1000:.0f} ms, +{rss:.0f} MB RSS, query embedding {percentiles(embed_ms)} ms")
    for label, qs in (
        ("phrasings", queries),
        ("typed prefixes", [q[: rnd.randint(2, 8)] for q in queries]),
        ("10,000-character", [(q + " ") * (10_000 // (len(q) + 1)) for q in queries[:20]]),
    ):
        for channel in ("lexical", "lexical+e5") if use_e5 else ("lexical",):
            wall, cpu = [], []
            for q in qs:
                vec = qvec.get(q) if qvec is not None and channel != "lexical" else None
                if channel != "lexical" and vec is None:
                    vec = qvec[queries[0]]  # type: ignore[index]
                start, start_cpu = time.perf_counter(), time.thread_time()
                index.search(q, limit=10, query_vector=vec)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.thread_time() - start_cpu) * 1000)
            print(f"  {label:17s} {channel:11s} wall {percentiles(wall)}  cpu {percentiles(cpu)}")


if __name__ == "__main__":
    main()
