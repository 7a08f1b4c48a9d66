"""Hashed n-gram features computed with numpy, shared by training and inference.

Why hashing: no vocabulary file to load, a fixed-size weight matrix, and one code path for training
(scipy matrix built from the same arrays) and inference (numpy gather and sum), so the two cannot drift.
Character n-grams are hashed with a vectorised polynomial rolling hash over the whole batch at once;
word n-grams and lexicon cues with CRC-32, which is stable across processes (unlike ``hash``).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from hamdel.language.lexicon import cue_tokens
from hamdel.language.normalize import ZWNJ

_P = np.uint64(1_000_003)
_K = np.uint64(0x9E3779B97F4A7C15)
_TOKEN = re.compile(r"[^\W_]+|[!?؟]+|[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]", re.UNICODE)


@dataclass(frozen=True)
class FeatureConfig:
    """What the featuriser extracts; stored in the model manifest so inference matches training."""

    bits: int = 18
    cue_bits: int = 10
    char_min: int = 1
    char_max: int = 5
    word_ngrams: int = 2
    word_stems: bool = False
    char_weight: float = 1.0
    word_weight: float = 1.0
    cue_weight: float = 1.0

    @property
    def dim(self) -> int:
        """Number of hash buckets for n-grams."""
        return 1 << self.bits

    @property
    def total_dim(self) -> int:
        """Weight rows: n-gram buckets, then a separate block for lexicon cues (so no collisions)."""
        return (1 << self.bits) + (1 << self.cue_bits)


@dataclass(frozen=True)
class Sparse:
    """A batch of feature rows in coordinate form, grouped by row (a bucket may repeat across views)."""

    rows: np.ndarray  # int64
    cols: np.ndarray  # int64
    vals: np.ndarray  # float32
    n_rows: int


def model_text(normalized: str) -> str:
    """The form the models read: half-spaces dropped (as in search keys), lower case, one line."""
    return normalized.replace(ZWNJ, "").replace("\n", " ").lower()


def tokens(text: str) -> list[str]:
    """Words, runs of ! and ?, and single emoji."""
    return _TOKEN.findall(text)


_STEM_SUFFIXES = (
    "هایی",
    "های",
    "ها",
    "ترین",
    "تر",
    "یم",
    "ید",
    "ند",
    "ام",
    "ات",
    "اش",
    "م",
    "ی",
    "ه",
    "ش",
    "ن",
)
_STEM_PREFIXES = ("نمی", "می", "بی")


@lru_cache(maxsize=1 << 16)
def stem(token: str) -> str:
    """A crude light stem (one prefix and one suffix off), so inflections unseen in training still match."""
    for p in _STEM_PREFIXES:
        if token.startswith(p) and len(token) - len(p) >= 3:
            token = token[len(p) :]
            break
    for s in _STEM_SUFFIXES:
        if token.endswith(s) and len(token) - len(s) >= 2:
            return token[: -len(s)]
    return token


def _char_hashes(texts: list[str], cfg: FeatureConfig) -> tuple[np.ndarray, np.ndarray]:
    """Row ids and buckets of every character n-gram of every text, computed for the whole batch at once."""
    joined = "\x00".join(" " + t + " " for t in texts)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sep = cps == 0
    sepcum = np.zeros(len(cps) + 1, dtype=np.int64)
    np.cumsum(sep, out=sepcum[1:])
    row_of = sepcum[:-1]
    shift = np.uint64(64 - cfg.bits)
    all_rows: list[np.ndarray] = []
    all_buckets: list[np.ndarray] = []
    h = np.zeros(len(cps), dtype=np.uint64)
    for n in range(1, cfg.char_max + 1):
        m = len(cps) - n + 1
        if m <= 0:
            break
        h = h[:m] * _P + cps[n - 1 :]
        if n < cfg.char_min:
            continue
        valid = (sepcum[n : n + m] - sepcum[:m]) == 0
        if n == 1:
            valid &= cps[:m] != 32
        hh = (h[valid] ^ np.uint64(0xA5A5 + n * 7919)) * _K
        all_buckets.append((hh >> shift).astype(np.int64))
        all_rows.append(row_of[:m][valid])
    if not all_rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(all_rows), np.concatenate(all_buckets)


@lru_cache(maxsize=1 << 17)
def _bucket(token: str, salt: str, mask: int) -> int:
    """Stable hash of a string token into the bucket space."""
    return zlib.crc32((salt + token).encode("utf-8")) & mask


def _word_hashes(
    texts: list[str], cfg: FeatureConfig, elongated: list[bool] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows and buckets of word n-grams, then of lexicon cue tokens."""
    mask = cfg.dim - 1
    cue_mask = (1 << cfg.cue_bits) - 1
    w_rows: list[int] = []
    w_buckets: list[int] = []
    c_rows: list[int] = []
    c_buckets: list[int] = []
    for i, text in enumerate(texts):
        toks = tokens(text)
        grams = list(toks)
        for n in range(2, cfg.word_ngrams + 1):
            grams.extend(" ".join(toks[j : j + n]) for j in range(len(toks) - n + 1))
        if cfg.word_stems:
            grams.extend("~" + stem(t) for t in toks if len(t) > 3)
        w_buckets.extend(_bucket(g, "w|", mask) for g in grams)
        w_rows.extend([i] * len(grams))
        cues = cue_tokens(toks)
        if elongated is not None and elongated[i]:
            cues.append("elongated")
        c_buckets.extend(cfg.dim + _bucket(c, "c|", cue_mask) for c in cues)
        c_rows.extend([i] * len(cues))
    return (
        np.asarray(w_rows, dtype=np.int64),
        np.asarray(w_buckets, dtype=np.int64),
        np.asarray(c_rows, dtype=np.int64),
        np.asarray(c_buckets, dtype=np.int64),
    )


def _view(
    rows: np.ndarray, buckets: np.ndarray, n_rows: int, dim: int, idf: np.ndarray | None, weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sublinear TF x IDF, L2-normalised per row and scaled, for one feature view."""
    if len(rows) == 0:
        return rows, buckets, np.zeros(0, dtype=np.float32)
    keys, counts = np.unique(rows * dim + buckets, return_counts=True)
    r = keys // dim
    c = keys % dim
    v = (1.0 + np.log(counts)).astype(np.float32)
    if idf is not None:
        v *= idf[c]
    norms = np.sqrt(np.bincount(r, weights=v * v, minlength=n_rows)).astype(np.float32)
    v = v / np.maximum(norms[r], 1e-6) * np.float32(weight)
    return r, c, v.astype(np.float32)


def featurize(
    texts: list[str], cfg: FeatureConfig, idf: np.ndarray | None, elongated: list[bool] | None = None
) -> Sparse:
    """Hash texts (already in ``model_text`` form) into one sparse batch of three L2-normalised views."""
    n = len(texts)
    cr, cb = _char_hashes(texts, cfg)
    wr, wb, qr, qb = _word_hashes(texts, cfg, elongated)
    parts = [
        _view(cr, cb, n, cfg.dim, idf, cfg.char_weight),
        _view(wr, wb, n, cfg.dim, idf, cfg.word_weight),
        _view(qr, qb, n, cfg.total_dim, None, cfg.cue_weight),
    ]
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    vals = np.concatenate([p[2] for p in parts])
    order = np.argsort(rows, kind="stable")
    return Sparse(rows[order], cols[order], vals[order], n)


def document_frequency(batch: Sparse, dim: int) -> np.ndarray:
    """How many rows use each n-gram bucket (below ``dim``); the training counts become the IDF vector."""
    width = int(batch.cols.max()) + 1 if len(batch.cols) else 1
    keys = np.unique(batch.rows * width + batch.cols)
    return np.bincount(keys % width, minlength=dim)[:dim]


def idf_from_df(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed IDF as in scikit-learn."""
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def scores(batch: Sparse, weights: np.ndarray, scale: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Linear scores X @ (weights * scale) + bias with X sparse, in numpy only."""
    out = np.zeros((batch.n_rows, weights.shape[1]), dtype=np.float32)
    if len(batch.rows):
        contrib = weights[batch.cols].astype(np.float32)
        contrib *= batch.vals[:, None]
        starts = np.flatnonzero(np.r_[True, batch.rows[1:] != batch.rows[:-1]])
        out[batch.rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
        out *= scale[None, :]
    out += bias[None, :]
    return out
