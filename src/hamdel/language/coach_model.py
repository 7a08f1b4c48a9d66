"""A small trained reader beside the coach's rules for the codes the rules miss on unseen text.

Why: the rules score 1.000 on the dev set they were written from but miss `arguing` and `blaming` on
drafts written after them. A per-code logistic regression over hashed n-grams (`features.featurize`) of
each sentence, with the customer's message as a second block, adds recall; it only ever *adds* a
finding when its probability is at least a high threshold chosen by cross-validation on our own records
(bench/coach_ml.py trains it; never on coach-dev.jsonl, blind-7.jsonl or blind-8.jsonl). Pure Python +
numpy, loaded once from ``coach_model.npz`` beside this file; a missing or broken file means rules only.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from hamdel.language.features import FeatureConfig, Sparse, featurize, model_text

MODEL_FILE = Path(__file__).resolve().parent / "coach_model.npz"
CFG = FeatureConfig(bits=14, cue_bits=8, char_min=2, char_max=4, word_ngrams=2)


@dataclass(frozen=True)
class CoachModel:
    """Weights of the per-code heads: rows = draft-sentence block then customer block; one column a code."""

    codes: tuple[str, ...]
    weights: np.ndarray  # float32 (2 * CFG.total_dim, len(codes))
    bias: np.ndarray  # float32 (len(codes),)
    thresholds: np.ndarray  # float32 (len(codes),)


def design(sents: list[str], customer: str) -> Sparse:
    """Features of each sentence (model_text form), each row also carrying the customer's message."""
    a = featurize(sents, CFG, None)
    c = featurize([customer], CFG, None)
    n = len(sents)
    rows = np.concatenate([a.rows, np.repeat(np.arange(n, dtype=np.int64), len(c.cols))])
    cols = np.concatenate([a.cols, np.tile(c.cols + CFG.total_dim, n)])
    vals = np.concatenate([a.vals, np.tile(c.vals * np.float32(0.5), n)])
    order = np.argsort(rows, kind="stable")
    return Sparse(rows[order], cols[order], vals[order], n)


def sentence_scores(model: CoachModel, sents: list[str], customer: str) -> np.ndarray:
    """Probability per (sentence, code)."""
    batch = design([model_text(s) for s in sents], model_text(customer))
    z = np.zeros((batch.n_rows, len(model.codes)), dtype=np.float32)
    if len(batch.rows):
        np.add.at(z, batch.rows, model.weights[batch.cols] * batch.vals[:, None])
    z += model.bias[None, :]
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def save(path: Path, model: CoachModel, meta: dict) -> None:
    """Weights as float16 (small file, no pickle); the manifest rides along as a JSON string."""
    np.savez_compressed(
        path,
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float32),
        thresholds=model.thresholds.astype(np.float32),
        meta=np.array(json.dumps({"codes": list(model.codes), **meta}, ensure_ascii=False)),
    )


@lru_cache(maxsize=1)
def load() -> CoachModel | None:
    """The stored model, or None (rules only) when the file is absent or unreadable."""
    try:
        with np.load(MODEL_FILE, allow_pickle=False) as npz:
            meta = json.loads(str(npz["meta"]))
            return CoachModel(
                tuple(meta["codes"]),
                npz["weights"].astype(np.float32),
                npz["bias"].astype(np.float32),
                npz["thresholds"].astype(np.float32),
            )
    except (OSError, KeyError, ValueError):
        logging.getLogger(__name__).warning("coach model %s not loaded; rules only", MODEL_FILE)
        return None
