"""The one Persian search: conversations, knowledge articles and playbooks all rank with this index.

Why in memory and not the database's full-text search: SQLite FTS5 and PostgreSQL split Persian words at
the half-space and know neither ي/ی nor ك/ک, so every caller would re-invent the folding. Here text is
folded once with `language.fold_for_search` («می‌خواهم» = «میخواهم» = «می خواهم», Arabic letters and
Persian/Arabic digits folded, diacritics dropped), and ranked with BM25 over

- words (exact meaning), and
- character 3-grams of each word with its edges (`#گرا`, `ران#`…), which find a misspelt or inflected word
  («گرونه» ~ «گران»، «تخفیفش» ~ «تخفیف»),

summed over fields with weights (say title 3 > phrasings 2 > body 1); each channel is scaled by its best
document so that `score` is 0–1 for the best hit. `Hit.match` says how much of the document's best short
field (a title or one phrasing) appears in the query: callers that *suggest* a document for a long text
(an inbound message) threshold on it, since a long message matches many things a little.

The index is generic (ids and named fields, no app), immutable once built, and cheap to rebuild; `cached()`
keeps one per name in this process and rebuilds it when the caller's version (row count + last change)
differs, so a search right after a change sees it and no process holds state another one needs.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from hamdel.language.normalize import fold_for_search

__all__ = ["MAX_QUERY", "Hit", "SearchIndex", "cached", "cut", "forget", "tokens", "trigrams"]

K1 = 1.2
B = 0.75
GRAM_WEIGHT = 0.5  # share of the character channel in the mixed score (measured: docs/benchmarks.md)
MAX_QUERY = 4000  # characters of a query read; a pasted 10,000-character message is cut, never refused
SNIPPET = 160
# Without a shared word, a document must hold half the query's letter triples: «ارسالل» finds «ارسال»,
# «گرونه» does not find a text that merely shares «#گر» and «نه#».
MIN_GRAM_COVERAGE = 0.5

_WORD = re.compile(r"\w+")
_WRITTEN_WORD = re.compile(r"\w+(?:\u200c\w+)*")  # a word of original text, half-spaces inside («می‌خواهم»)
# Function words carry no topic: a query's «است» or «خیلی» must not pull every text that has one. A query of
# only function words («که است») still searches with them.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - one line of words reads better than a column of them
        "و در به از که را با این آن برای تا یا هم اما است هست بود شد می شود کرد کنم کنید کرده ای ها یک من تو"
        " او ما شما آنها ولی اگر چه چون پس نه بله خیلی همه هر هیچ نیز دیگر باید"
    ).split()
)

Passages = str | Sequence[str]


# Spoken forms people type in chats, folded to the written word so «گرونه» meets «گران است» and «میدم»
# meets «می‌دهم» (keys and values in folded form: no half-space). Short on purpose: frequent verbs and
# adjectives only; letter triples catch the rest of the near misses.
COLLOQUIAL = {
    **dict.fromkeys(("گرون", "گرونه", "گرونتر"), "گران"),
    **dict.fromkeys(("ارزون", "ارزونه"), "ارزان"),
    "ارزونتر": "ارزانتر",
    "میخوام": "میخواهم",
    "نمیخوام": "نمیخواهم",
    "میخوای": "میخواهی",
    "میخواین": "میخواهید",
    "میدم": "میدهم",
    "نمیدم": "نمیدهم",
    "میده": "میدهد",
    "نمیده": "نمیدهد",
    "میدن": "میدهند",
    "میدین": "میدهید",
    "میدید": "میدهید",
    "میشه": "میشود",
    "نمیشه": "نمیشود",
    "میتونم": "میتوانم",
    "نمیتونم": "نمیتوانم",
    "میتونید": "میتوانید",
    "میتونین": "میتوانید",
    "بذار": "بگذار",
    "بذارید": "بگذارید",
    "بذارین": "بگذارید",
    "داره": "دارد",
    "نداره": "ندارد",
    "دارن": "دارند",
    "میگم": "میگویم",
    "میگن": "میگویند",
    "میگید": "میگویید",
    "میاد": "میآید",
    "نمیاد": "نمیآید",
    "یه": "یک",
    "دیگه": "دیگر",
    "اون": "آن",
    "اونا": "آنها",
    "رو": "را",
    "چیه": "چیست",
    "زیاده": "زیاد",
    "کمه": "کم",
    "چقدره": "چقدر",
    "باشه": "باشد",
    "نیستش": "نیست",
    "هستش": "هست",
}


def tokens(text: str) -> list[str]:
    """The folded words of a text, in order, spoken forms written out (COLLOQUIAL)."""
    return [COLLOQUIAL.get(w, w) for w in _WORD.findall(fold_for_search(text))]


@functools.lru_cache(maxsize=100_000)
def trigrams(word: str) -> tuple[str, ...]:
    """Character 3-grams of a folded word with its edges marked; a one-letter word is its own gram."""
    padded = f"#{word}#"
    if len(padded) <= 3:
        return (padded,)
    return tuple(padded[i : i + 3] for i in range(len(padded) - 2))


def _grams(words: Iterable[str]) -> list[str]:
    return [g for w in words for g in trigrams(w)]


@dataclass(frozen=True)
class Hit:
    """One result: the document's id, its 0–1 score (best first), how much of its best short field the
    query contains (`match`, 0–1), the field that matched best and a snippet of original text around it."""

    id: Hashable
    score: float
    match: float
    field: str
    snippet: str


Postings = dict[str, tuple[np.ndarray, np.ndarray]]  # term → (document rows, BM25 weights)


@dataclass
class _Channel:
    """BM25 postings of one kind of term (words or grams) for one field."""

    postings: Postings = field(default_factory=dict)


def _merge(parts: list[_Channel], weights: list[float], n: int) -> Postings:
    """The fields' postings summed with their weights into one list per term (a row appears once)."""
    merged: Postings = {}
    terms = {t for part in parts for t in part.postings}
    for term in terms:
        lists = [
            (part.postings[term], w) for part, w in zip(parts, weights, strict=True) if term in part.postings
        ]
        if len(lists) == 1:
            (idx, values), w = lists[0]
            merged[term] = (idx, values * w)
            continue
        rows = np.concatenate([idx for (idx, _v), _w in lists])
        values = np.concatenate([v * w for (_idx, v), w in lists])
        unique, where = np.unique(rows, return_inverse=True)
        merged[term] = (unique.astype(np.int32), np.bincount(where, weights=values))
    return merged


def _bm25(docs_terms: list[list[str]], n_docs: int) -> _Channel:
    """BM25 weight of every (term, document) pair, computed with numpy over all pairs at once."""
    vocab: dict[str, int] = {}
    term_ids: list[int] = []
    lengths = np.zeros(n_docs, dtype=np.float64)
    for row, terms in enumerate(docs_terms):
        term_ids.extend(vocab.setdefault(t, len(vocab)) for t in terms)
        lengths[row] = len(terms)
    channel = _Channel()
    if not term_ids:
        return channel
    doc_ids = np.repeat(np.arange(n_docs, dtype=np.int64), lengths.astype(np.int64))
    keys = np.asarray(term_ids, dtype=np.int64) * n_docs + doc_ids
    pairs, tf = np.unique(keys, return_counts=True)  # sorted by term, then document
    terms, rows = np.divmod(pairs, n_docs)
    df = np.bincount(terms, minlength=len(vocab)).astype(np.float64)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    avg = float(lengths.mean()) or 1.0
    norm = K1 * (1 - B + B * lengths[rows] / avg)
    weights = idf[terms] * tf * (K1 + 1) / (tf + norm)
    starts = np.concatenate(([0], np.cumsum(df, dtype=np.int64)))
    rows32 = rows.astype(np.int32)
    for term, tid in vocab.items():
        lo, hi = starts[tid], starts[tid + 1]
        channel.postings[term] = (rows32[lo:hi], weights[lo:hi])
    return channel


def _as_list(value: Passages | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [v for v in value if isinstance(v, str) and v.strip()]


class SearchIndex:
    """An immutable BM25 index over `(id, {field: text or [texts]})`; `search(query)` ranks it.

    `weights` names the fields and their weight; `short_fields` (default: every field but the last) are the
    ones `Hit.match` compares with the query — a title or a phrasing, not a long body.
    """

    def __init__(
        self,
        docs: Iterable[tuple[Hashable, Mapping[str, Passages | None]]],
        *,
        weights: Mapping[str, float],
        short_fields: Sequence[str] | None = None,
    ) -> None:
        self.weights = dict(weights)
        names = list(self.weights)
        self.short_fields = tuple(short_fields if short_fields is not None else names[:-1] or names)
        self.ids: list[Hashable] = []
        self.passages: list[dict[str, list[str]]] = []
        for doc_id, fields in docs:
            self.ids.append(doc_id)
            self.passages.append({name: _as_list(fields.get(name)) for name in names})
        n = len(self.ids)
        # One posting list per term with the fields' weights summed in: a query touches each term once.
        word_parts: list[_Channel] = []
        gram_parts: list[_Channel] = []
        # Each short passage's set of grams, for `match` (how much of a phrasing the query contains).
        self._short_grams: list[list[frozenset[str]]] = [[] for _ in range(n)]
        for name in names:
            # Each passage is folded once; its words serve both channels and `match`.
            folded = [[tokens(p) for p in doc[name]] for doc in self.passages]
            words = [[w for ws in doc for w in ws] for doc in folded]
            word_parts.append(_bm25([[w for w in ws if w not in STOPWORDS] for ws in words], n))
            gram_parts.append(_bm25([_grams(ws) for ws in words], n))
            if name in self.short_fields:
                for row, doc in enumerate(folded):
                    for ws in doc:
                        grams = frozenset(_grams(w for w in ws if w not in STOPWORDS))
                        if grams:
                            self._short_grams[row].append(grams)
        field_weights = [self.weights[name] for name in names]
        self._words = _merge(word_parts, field_weights, n)
        self._grams = _merge(gram_parts, field_weights, n)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, *, limit: int = 10) -> list[Hit]:
        """The documents that match `query`, best first; an empty or punctuation-only query finds nothing."""
        words = tokens(query[:MAX_QUERY])
        if not words or not self.ids:
            return []
        content = list(dict.fromkeys(w for w in words if w not in STOPWORDS)) or list(dict.fromkeys(words))
        grams = list(dict.fromkeys(_grams(content)))
        n = len(self.ids)
        word_scores = np.zeros(n)
        for term in content:
            hit = self._words.get(term)
            if hit is not None:
                word_scores[hit[0]] += hit[1]
        gram_scores = np.zeros(n)
        gram_hits = np.zeros(n)
        for gram in grams:
            hit = self._grams.get(gram)
            if hit is not None:
                gram_scores[hit[0]] += hit[1]
                gram_hits[hit[0]] += 1
        coverage = gram_hits / max(len(grams), 1)
        keep = (word_scores > 0) | (coverage >= MIN_GRAM_COVERAGE)
        if not keep.any():
            return []
        top_w = word_scores.max() or 1.0
        top_g = gram_scores.max() or 1.0
        mixed = (1 - GRAM_WEIGHT) * word_scores / top_w + GRAM_WEIGHT * gram_scores / top_g
        mixed[~keep] = -1.0
        limit = max(1, min(limit, n))
        order = np.argsort(-mixed, kind="stable")[:limit]
        query_grams = frozenset(_grams(content))
        word_set = frozenset(words)
        hits = []
        for row in order:
            if mixed[row] < 0:
                break
            best_field, snippet = self._snippet(int(row), word_set, frozenset(grams))
            hits.append(
                Hit(
                    id=self.ids[row],
                    score=round(float(mixed[row]), 4),
                    match=round(self._match(int(row), query_grams), 4),
                    field=best_field,
                    snippet=snippet,
                )
            )
        return hits

    def _match(self, row: int, query_grams: frozenset[str]) -> float:
        """The largest share of one short passage's grams found in the query (1.0: all of it is there)."""
        best = 0.0
        for grams in self._short_grams[row]:
            best = max(best, len(grams & query_grams) / len(grams))
        return best

    def _snippet(self, row: int, words: frozenset[str], grams: frozenset[str]) -> tuple[str, str]:
        """The field of the passage with the most matching words and about SNIPPET characters of its
        original text around its first one (a body's sentence says more than the title shown beside it)."""
        best: tuple[float, str, int, str] = (0.0, "", 0, "")
        for name in self.weights:
            for passage in self.passages[row][name]:
                score, first = 0.0, -1
                for m in _WRITTEN_WORD.finditer(passage[:20_000]):
                    folded = fold_for_search(m.group(0))
                    folded = COLLOQUIAL.get(folded, folded)
                    if folded in words and folded not in STOPWORDS:
                        score += 1.0
                    elif folded and sum(g in grams for g in trigrams(folded)) >= 2:
                        score += 0.5
                    else:
                        continue
                    if first < 0:
                        first = m.start()
                if score > best[0]:  # most matching words wins; on a tie the heavier field (listed first)
                    best = (score, passage, first, name)
        if not best[1]:
            name, passage = next(((f, p) for f in self.weights for p in self.passages[row][f]), ("", ""))
            return name, cut(passage, 0)
        return best[3], cut(best[1], best[2])


def cut(text: str, at: int) -> str:
    """A window of `text` around `at`, cut at spaces, with «…» where it was cut."""
    text = " ".join(text.split())
    if len(text) <= SNIPPET:
        return text
    start = max(0, at - SNIPPET // 4)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


_cache: dict[str, tuple[Hashable, SearchIndex]] = {}
_lock = threading.Lock()


def cached(name: str, version: Hashable, build: Callable[[], SearchIndex]) -> SearchIndex:
    """This process's index called `name`, rebuilt when `version` differs from the one it was built at.

    The caller's version must change with every write that can change results, e.g. `(count, last
    updated_at)` of the rows it indexes (a delete changes the count, an edit the time).
    """
    with _lock:
        held = _cache.get(name)
        if held is not None and held[0] == version:
            return held[1]
    index = build()
    with _lock:
        _cache[name] = (version, index)
    return index


def forget(name: str | None = None) -> None:
    """Drop a cached index (or all of them): tests, and a caller that knows its rows just changed."""
    with _lock:
        if name is None:
            _cache.clear()
        else:
            _cache.pop(name, None)
