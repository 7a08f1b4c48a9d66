"""Objection playbook matching and search latency (docs/benchmarks.md, "Objection playbook").

    .venv/bin/python bench/playbook_search.py [--scale N]      # SQLite in a temp dir; N default 10000

1. Loads the starter set (data/playbook/playbook-fa.json) through `playbook_import`, then runs every line of
   data/playbook/match-eval.jsonl (paraphrased objections we wrote, not the entries' own phrasings, and
   unrelated customer messages) through `playbook_search` as the API does: hit@1, hit@3 and MRR on the
   objections; for each `match` threshold, the suggestion's precision (a suggested entry is the expected
   one) and recall (share of objections suggested correctly), and how often an unrelated message gets one.
2. Latency of `playbook_search` (the version check + ranking) over the eval queries, and of
   `core.search.SearchIndex` at N documents (the knowledge base's scale) for short, typed and
   10,000-character queries.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
from _setup import percentiles, setup_django  # noqa: E402

DATA = HERE.parent / "data" / "playbook"


def main() -> None:
    scale = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 10_000
    setup_django()
    from hamdel.coach.playbook import selectors
    from hamdel.coach.playbook.models import PlaybookEntry
    from hamdel.coach.playbook.services import playbook_import
    from hamdel.core.permissions import SYSTEM
    from hamdel.core.search import SearchIndex

    playbook_import(actor=SYSTEM, entries=json.loads((DATA / "playbook-fa.json").read_text()))
    titles = dict(PlaybookEntry.objects.values_list("title", "id"))
    rows = [json.loads(line) for line in (DATA / "match-eval.jsonl").read_text().splitlines() if line]
    positives = [r for r in rows if r["expected"]]
    negatives = [r for r in rows if not r["expected"]]
    ranked: list[tuple[dict, list]] = []
    samples = []
    for row in rows:
        start = time.perf_counter()
        found = selectors.playbook_search(actor=None, q=row["text"], limit=10)
        samples.append((time.perf_counter() - start) * 1000)
        ranked.append((row, found))
    hit1 = hit3 = rr = 0.0
    misses = []
    for row, found in ranked:
        if not row["expected"]:
            continue
        ids = [f.entry.pk for f in found]
        want = titles[row["expected"]]
        if want in ids:
            rank = ids.index(want) + 1
            hit1 += rank == 1
            hit3 += rank <= 3
            rr += 1 / rank
        if not ids or ids[0] != want:
            misses.append((row["text"], row["expected"], found[0].entry.title if found else None))
    n = len(positives)
    print(f"objections: {n}, unrelated: {len(negatives)}, entries: {len(titles)}")
    print(f"hit@1 {hit1 / n:.3f}  hit@3 {hit3 / n:.3f}  MRR {rr / n:.3f}")
    print("threshold  precision  recall  unrelated-suggested")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0):
        suggested = right = false_neg = 0
        for row, found in ranked:
            if found and found[0].hit.match >= t:
                suggested += 1
                if row["expected"] and found[0].entry.pk == titles[row["expected"]]:
                    right += 1
                if not row["expected"]:
                    false_neg += 1
        precision = right / suggested if suggested else 1.0
        mark = "  <- SUGGEST_MATCH" if t == selectors.SUGGEST_MATCH else ""
        print(f"{t:9.2f}  {precision:9.3f}  {right / n:6.3f}  {false_neg}/{len(negatives)}{mark}")
    print("search through the selector (ms):", percentiles(samples))
    for text, want, got in misses:
        print("  miss:", text, "| want:", want, "| got:", got)

    # The same index at the knowledge base's scale: N documents made by recombining the starter set's words.
    rnd = random.Random(14)
    entries = json.loads((DATA / "playbook-fa.json").read_text())
    words = " ".join(e["title"] + " " + " ".join(e["phrasings"]) + " " + e["answer"] for e in entries).split()
    docs = [
        (
            i,
            {
                "title": " ".join(rnd.choices(words, k=6)),
                "phrasings": [" ".join(rnd.choices(words, k=5)) for _ in range(3)],
                "tags": rnd.choices(["قیمت", "فروش", "اعتماد", "نگهداشت"], k=2),
                "answer": " ".join(rnd.choices(words, k=120)),
            },
        )
        for i in range(scale)
    ]
    start, start_cpu = time.perf_counter(), time.thread_time()
    index = SearchIndex(docs, weights=selectors.WEIGHTS, short_fields=selectors.SHORT_FIELDS)
    build, build_cpu = time.perf_counter() - start, time.thread_time() - start_cpu
    print(f"index of {scale} documents built in {build:.1f} s ({build_cpu:.1f} s of CPU)")
    for label, queries in (
        ("eval queries", [r["text"] for r in rows]),
        ("typed prefixes", [r["text"][: rnd.randint(2, 8)] for r in rows]),
        ("10,000-character", [(r["text"] + " ") * (10_000 // (len(r["text"]) + 1)) for r in rows[:20]]),
    ):
        times, cpu = [], []
        for q in queries:
            start, start_cpu = time.perf_counter(), time.thread_time()
            index.search(q, limit=10)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
        # CPU time as well: on a shared machine the wall clock also counts the time other processes ran.
        print(f"  {label}: wall {percentiles(times)}  cpu {percentiles(cpu)}")


if __name__ == "__main__":
    main()
