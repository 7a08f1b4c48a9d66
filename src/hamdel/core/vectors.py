"""Stored text embeddings and the search indexes that use them (the embedding channel of core.search).

Why stored: embedding a text costs 5–30 ms of CPU, so 10,000 articles cannot be embedded while a visitor
waits. Each text is embedded once (`vectors_fill`, run on commit by the owning app's task, or a little at a
time while an index builds) and kept in `TextVector`; an index build only reads them. An index built while
some vectors were missing is `incomplete`, and `search.cached` rebuilds it after a short while.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

from hamdel.core import search
from hamdel.core.models import TextVector
from hamdel.language import embed

__all__ = ["INLINE_SECONDS", "embedded_index", "vectors_fill", "vectors_lookup"]

INLINE_SECONDS = 2.0  # embedding time one index build may spend on missing vectors (the rest: the task)


def _key(text: str) -> str:
    return hashlib.sha256(f"{embed.MODEL}\0{embed._prepare(text)}".encode()).hexdigest()


def vectors_lookup(texts: Iterable[str]) -> dict[str, np.ndarray]:
    """The stored vectors of those texts that have one."""
    by_key: dict[str, list[str]] = {}
    for text in texts:
        by_key.setdefault(_key(text), []).append(text)
    found: dict[str, np.ndarray] = {}
    keys = list(by_key)
    for i in range(0, len(keys), 500):
        for key, data in TextVector.objects.filter(key__in=keys[i : i + 500]).values_list("key", "vector"):
            for text in by_key[key]:
                found[text] = embed.from_bytes(bytes(data))
    return found


def vectors_fill(texts: Iterable[str], *, seconds: float | None = None) -> int:
    """Embed and store the texts that have no vector yet (within `seconds` when given); how many it did."""
    wanted = list(dict.fromkeys(t for t in texts if t and t.strip()))
    if not wanted or not embed.available():
        return 0
    have = vectors_lookup(wanted)
    missing = [t for t in wanted if t not in have]
    done = 0
    deadline = None if seconds is None else time.monotonic() + seconds
    for i in range(0, len(missing), embed.BATCH):
        if deadline is not None and time.monotonic() > deadline:
            break
        chunk = missing[i : i + embed.BATCH]
        vectors = embed.passages(chunk)
        TextVector.objects.bulk_create(
            [TextVector(key=_key(t), vector=embed.to_bytes(v)) for t, v in zip(chunk, vectors, strict=True)],
            ignore_conflicts=True,
        )
        done += len(chunk)
    return done


def embedded_index(
    docs: Iterable[tuple[Hashable, Mapping[str, search.Passages | None]]],
    *,
    weights: Mapping[str, float],
    short_fields: Sequence[str] | None = None,
    embed_fields: Sequence[str],
) -> search.SearchIndex:
    """A SearchIndex with the embedding channel: one vector per passage of `embed_fields` (a title, each
    phrasing), read from the store; missing ones are embedded for up to INLINE_SECONDS. Its searches embed
    the query themselves. Without the model it is a plain lexical index."""
    docs = list(docs)
    if not embed.available():
        return search.SearchIndex(docs, weights=weights, short_fields=short_fields)
    texts: list[str] = []
    owner: list[int] = []
    for row, (_id, fields) in enumerate(docs):
        for name in embed_fields:
            for passage in search._as_list(fields.get(name)):
                texts.append(passage)
                owner.append(row)
    stored = vectors_lookup(texts)
    if len(stored) < len(set(texts)):
        vectors_fill([t for t in texts if t not in stored], seconds=INLINE_SECONDS)
        stored = vectors_lookup(texts)
    rows = [i for i, t in enumerate(texts) if t in stored]
    matrix = np.vstack([stored[texts[i]] for i in rows]) if rows else np.zeros((0, embed.DIM), np.float32)
    index = search.SearchIndex(
        docs,
        weights=weights,
        short_fields=short_fields,
        vectors=matrix,
        vector_owner=[owner[i] for i in rows],
    )
    index.embed_queries = True
    index.incomplete = len(rows) < len(texts)
    return index
