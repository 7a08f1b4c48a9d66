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
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from hamdel.language.normalize import fold_for_search

__all__ = ["MAX_QUERY", "Hit", "SearchIndex", "cached", "cut", "forget", "tokens", "trigrams"]

K1 = 1.2
B = 0.75
GRAM_WEIGHT = 0.5  # share of the character channel in the lexical score (measured: docs/benchmarks.md)
EMBED_WEIGHT = 0.7  # share of the embedding channel when a search has one (tuned on the QQP dev set)
EMBED_GRAM_WEIGHT = 0.2  # share of letter triples in the lexical part when embeddings take the fuzzy role
INCOMPLETE_TTL = 30.0  # seconds an index built with missing vectors is used before a rebuild picks them up
EMBED_POOL = 50  # documents found by embedding alone (a paraphrase sharing no word with the query)…
# …when their cosine reaches this (93% of QQP dev paraphrases do; short unrelated queries reach 0.85–0.87)
EMBED_FLOOR = 0.88
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
    similarity: float | None = None  # cosine with the query's embedding, when the search used one


@functools.lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    """One written word folded as `tokens` folds it (snippets fold the same words again and again)."""
    folded = fold_for_search(word)
    return COLLOQUIAL.get(folded, folded)


@functools.lru_cache(maxsize=200_000)
def _folded(passage: str) -> tuple[str, ...]:
    """`tokens` of one passage, kept: rebuilding an index after one edit re-folds only the edited text."""
    return tuple(tokens(passage))


class _Vocab:
    """Term → row number, for the whole process: a passage's term numbers can then be cached with it, and
    a rebuild only concatenates cached arrays (terms are never forgotten; a vocabulary of a few hundred
    thousand words and letter triples costs a few tens of MB)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._lock = threading.Lock()

    def encode(self, terms: Iterable[str]) -> np.ndarray:
        ids = self.ids
        with self._lock:
            return np.fromiter((ids.setdefault(t, len(ids)) for t in terms), dtype=np.int64)


_WORDS = _Vocab()
_GRAMS = _Vocab()


@functools.lru_cache(maxsize=200_000)
def _terms(passage: str) -> tuple[np.ndarray, np.ndarray]:
    """A passage's content-word numbers and letter-triple numbers (every word's), cached with the text."""
    words = _folded(passage)
    return _WORDS.encode(w for w in words if w not in STOPWORDS), _GRAMS.encode(_grams(words))


def _bm25_matrix(flat: np.ndarray, lengths: np.ndarray, n_terms: int) -> sparse.csr_matrix:
    """BM25 weight of every (term, document) pair as a terms × documents CSR matrix (numpy, no Python
    loop over the vocabulary): a query sums the rows of its terms. `flat` is every document's term numbers
    one after the other, `lengths` how many each document has."""
    n_docs = len(lengths)
    if not flat.size:
        return sparse.csr_matrix((n_terms, n_docs), dtype=np.float64)
    doc_ids = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    pairs, tf = np.unique(flat * n_docs + doc_ids, return_counts=True)
    terms, rows = np.divmod(pairs, n_docs)
    df = np.bincount(terms, minlength=n_terms).astype(np.float64)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    avg = float(lengths.mean()) or 1.0
    norm = K1 * (1 - B + B * lengths[rows] / avg)
    weights = idf[terms] * tf * (K1 + 1) / (tf + norm)
    return sparse.csr_matrix((weights, (terms, rows)), shape=(n_terms, n_docs))


def _field_matrices(docs: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The flat term numbers and per-document lengths of one field, for words and for letter triples."""
    word_arrays: list[np.ndarray] = []
    gram_arrays: list[np.ndarray] = []
    word_lengths = np.zeros(len(docs), dtype=np.int64)
    gram_lengths = np.zeros(len(docs), dtype=np.int64)
    for row, passages in enumerate(docs):
        for passage in passages:
            w, g = _terms(passage)
            word_arrays.append(w)
            gram_arrays.append(g)
            word_lengths[row] += len(w)
            gram_lengths[row] += len(g)
    empty = np.zeros(0, dtype=np.int64)
    return (
        np.concatenate(word_arrays) if word_arrays else empty,
        word_lengths,
        np.concatenate(gram_arrays) if gram_arrays else empty,
        gram_lengths,
    )


def _as_list(value: Passages | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [v for v in value if isinstance(v, str) and v.strip()]


def _sum_rows(matrix: sparse.csr_matrix, rows: list[int], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The sum of some rows of a terms × documents matrix, and in how many of them each document appears."""
    if not rows:
        return np.zeros(n), np.zeros(n)
    sub = matrix[rows]
    return (
        np.bincount(sub.indices, weights=sub.data, minlength=n),
        np.bincount(sub.indices, minlength=n).astype(np.float64),
    )


class SearchIndex:
    """An immutable BM25 index over `(id, {field: text or [texts]})`; `search(query)` ranks it.

    `weights` names the fields and their weight; `short_fields` (default: every field but the last) are the
    ones `Hit.match` compares with the query — a title or a phrasing, not a long body.

    `vectors` (optional) is the embedding channel: a `(rows, dim)` float array of unit vectors and, in
    `vector_owner`, the document row each vector belongs to (a document may have several — its title and
    each phrasing — and scores with its best). A search given `query_vector` mixes the cosine similarity
    in (EMBED_WEIGHT) and also finds documents that share no word with the query (a paraphrase).
    """

    def __init__(
        self,
        docs: Iterable[tuple[Hashable, Mapping[str, Passages | None]]],
        *,
        weights: Mapping[str, float],
        short_fields: Sequence[str] | None = None,
        vectors: np.ndarray | None = None,
        vector_owner: Sequence[int] | np.ndarray | None = None,
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
        word_parts: list[tuple[np.ndarray, np.ndarray, float]] = []
        gram_parts: list[tuple[np.ndarray, np.ndarray, float]] = []
        for name in names:
            words, word_lengths, grams, gram_lengths = _field_matrices([doc[name] for doc in self.passages])
            word_parts.append((words, word_lengths, self.weights[name]))
            gram_parts.append((grams, gram_lengths, self.weights[name]))
        # One terms × documents matrix per channel with the fields' weights summed in.
        self._words = self._combine(word_parts, len(_WORDS.ids), n)
        self._grams = self._combine(gram_parts, len(_GRAMS.ids), n)
        self.built_at = time.monotonic()
        self.embed_queries = False  # set by core.vectors.embedded_index: search() embeds the query itself
        self.incomplete = False  # some documents' vectors were still missing: `cached` rebuilds it soon
        self.vectors: np.ndarray | None = None
        self._owner = np.zeros(0, dtype=np.int64)
        self._groups = np.zeros(0, dtype=np.int64)
        if vectors is not None and len(vectors):
            self.vectors = np.asarray(vectors, dtype=np.float32)
            owner = np.arange(n) if vector_owner is None else np.asarray(vector_owner, dtype=np.int64)
            if len(owner) != len(self.vectors):
                raise ValueError("vector_owner must name one document row per vector")
            order = np.argsort(owner, kind="stable")  # grouped by document: a search takes each group's max
            self.vectors = np.ascontiguousarray(self.vectors[order])
            self._owner = owner[order]
            self._groups = np.flatnonzero(np.r_[True, self._owner[1:] != self._owner[:-1]])

    @staticmethod
    def _combine(
        parts: list[tuple[np.ndarray, np.ndarray, float]], n_terms: int, n: int
    ) -> sparse.csr_matrix:
        total = sparse.csr_matrix((n_terms, n), dtype=np.float64)
        for flat, lengths, weight in parts:
            total = total + weight * _bm25_matrix(flat, lengths, n_terms)
        return total.tocsr()

    @staticmethod
    def _rows(vocab: _Vocab, terms: list[str], n_terms: int) -> list[int]:
        """The matrix rows of the query's terms that this index knows (terms added later are not in it)."""
        ids = vocab.ids
        return [i for t in terms if (i := ids.get(t, n_terms)) < n_terms]

    def __len__(self) -> int:
        return len(self.ids)

    def scores(
        self, query: str, *, query_vector: np.ndarray | None = None, similarity: np.ndarray | None = None
    ) -> np.ndarray:
        """Every document's mixed score for `query` (best 1.0); -1 for a document the query does not find.

        Lexical: words and letter triples, each divided by the query's best. Embeddings (when this index
        has vectors and a query vector is given): the best cosine of the document's vectors, min–max scaled
        over the documents, mixed in with EMBED_WEIGHT; the EMBED_POOL most similar documents are found
        even without a shared word.
        """
        n = len(self.ids)
        words = tokens(query[:MAX_QUERY])
        if not words or not n:
            return np.full(n, -1.0)
        content = list(dict.fromkeys(w for w in words if w not in STOPWORDS)) or list(dict.fromkeys(words))
        grams = list(dict.fromkeys(_grams(content)))
        word_scores, _ = _sum_rows(self._words, self._rows(_WORDS, content, self._words.shape[0]), n)
        gram_rows = self._rows(_GRAMS, grams, self._grams.shape[0])
        gram_scores, gram_hits = _sum_rows(self._grams, gram_rows, n)
        coverage = gram_hits / max(len(grams), 1)
        keep = (word_scores > 0) | (coverage >= MIN_GRAM_COVERAGE)
        top_w = word_scores.max() or 1.0
        top_g = gram_scores.max() or 1.0
        if similarity is None:
            similarity = self.similarity(query_vector)
        g = GRAM_WEIGHT if similarity is None else EMBED_GRAM_WEIGHT
        mixed = (1 - g) * word_scores / top_w + g * gram_scores / top_g
        if similarity is not None:
            has = similarity > -1.0
            lo = float(similarity[has].min()) if has.any() else 0.0
            hi = float(similarity.max())
            scaled = np.where(has, (similarity - lo) / ((hi - lo) or 1.0), 0.0)
            mixed = (1 - EMBED_WEIGHT) * mixed + EMBED_WEIGHT * scaled
            pool = np.argpartition(-similarity, min(EMBED_POOL, n) - 1)[:EMBED_POOL]
            keep[pool[similarity[pool] >= EMBED_FLOOR]] = True
            best = mixed[keep].max() if keep.any() else 1.0
            mixed = mixed / (best or 1.0)
        mixed[~keep] = -1.0
        return mixed

    def similarity(self, query_vector: np.ndarray | None) -> np.ndarray | None:
        """Each document's best cosine with the query vector (-1 for a document without vectors), or None
        when this index or the query has no vector."""
        if query_vector is None or self.vectors is None:
            return None
        cos = self.vectors @ np.asarray(query_vector, dtype=np.float32)
        best = np.full(len(self.ids), -1.0)
        best[self._owner[self._groups]] = np.maximum.reduceat(cos, self._groups)
        return best

    def search(self, query: str, *, limit: int = 10, query_vector: np.ndarray | None = None) -> list[Hit]:
        """The documents that match `query`, best first; an empty or punctuation-only query finds nothing.

        `query_vector` (the query's embedding, see `hamdel.language.embed`) turns on the embedding channel
        when this index has vectors; each hit's `similarity` is then its cosine with the query.
        """
        if query_vector is None and self.embed_queries and self.vectors is not None:
            from hamdel.language import embed

            query_vector = embed.query(query[:MAX_QUERY])
        similarity = self.similarity(query_vector)
        mixed = self.scores(query, similarity=similarity)
        n = len(self.ids)
        if not n or not (mixed >= 0).any():
            return []
        words = tokens(query[:MAX_QUERY])
        content = list(dict.fromkeys(w for w in words if w not in STOPWORDS)) or list(dict.fromkeys(words))
        grams = frozenset(_grams(content))
        limit = max(1, min(limit, n))
        if limit < n // 4:
            top = np.argpartition(-mixed, limit - 1)[:limit]
            order = top[np.argsort(-mixed[top], kind="stable")]
        else:
            order = np.argsort(-mixed, kind="stable")[:limit]
        word_set = frozenset(words)
        hits = []
        for row in order:
            if mixed[row] < 0:
                break
            best_field, snippet = self._snippet(int(row), word_set, grams)
            hits.append(
                Hit(
                    id=self.ids[row],
                    score=round(float(mixed[row]), 4),
                    match=round(self._match(int(row), grams), 4),
                    field=best_field,
                    snippet=snippet,
                    similarity=None if similarity is None else round(float(similarity[row]), 4),
                )
            )
        return hits

    def _match(self, row: int, query_grams: frozenset[str]) -> float:
        """The largest share of one short passage's grams found in the query (1.0: all of it is there)."""
        best = 0.0
        for name in self.short_fields:
            for passage in self.passages[row].get(name, ()):
                grams = frozenset(_grams(w for w in _folded(passage) if w not in STOPWORDS))
                if grams:
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
                    folded = _fold_word(m.group(0))
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
            fresh = not held[1].incomplete or time.monotonic() - held[1].built_at < INCOMPLETE_TTL
            if fresh:
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
