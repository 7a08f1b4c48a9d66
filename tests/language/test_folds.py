"""Cross-validation folds used for every training choice: deterministic, balanced, stratified."""

from __future__ import annotations

from collections import Counter

import numpy as np

from hamdel.language import train
from hamdel.language.data import CORPUS_PATH, MULTICLASS, fold_ids, read_jsonl, split


def test_folds_are_deterministic_balanced_and_stratified() -> None:
    parts = split(read_jsonl(CORPUS_PATH))
    pool = parts["train"] + parts["dev"]
    folds = fold_ids(pool, 5)
    assert folds == fold_ids(list(pool), 5)
    assert fold_ids(list(reversed(pool)), 5) == list(reversed(folds))  # independent of row order
    sizes = Counter(folds)
    assert set(sizes) == set(range(5)) and max(sizes.values()) - min(sizes.values()) <= 1
    for label in MULTICLASS["sentiment"]:
        per_fold = Counter(f for f, r in zip(folds, pool, strict=True) if r["sentiment"] == label)
        assert max(per_fold.values()) - min(per_fold.values()) <= 0.1 * max(per_fold.values()) + 3


def test_search_grid_pins_sentiment_and_searches_the_yes_no_heads() -> None:
    assert train.search_grid("emotion") == [(True, 1.0, 4.0), (True, 1.0, 16.0), (True, 1.0, 64.0)]
    assert train.fitted_methods("emotion") == ("lr", "nb")  # lr, nb and their mean are all candidates
    assert {c for _, _, c in train.search_grid("mixed")} == {16.0, 64.0, 256.0}
    assert {cue for _, cue, _ in train.search_grid("abusive")} == {0.0, 1.0}
    assert train.search_grid("sentiment") == [(True, 1.0, 4.0)]
    assert train.fitted_methods("sentiment") == ("lr", "nb")
    assert train.fitted_methods("intent") == ("lr",)
    assert train.fitted_methods("abusive") == ("lr", "nb")


def test_neutral_offset_recovers_an_under_scored_class() -> None:
    """Scores that call every calm row an emotion get a positive `neutral` offset, and it helps macro-F1."""
    rng = np.random.default_rng(0)
    k = len(MULTICLASS["emotion"])
    neutral = MULTICLASS["emotion"].index("neutral")
    y = rng.integers(0, k, 700)
    z = rng.normal(0, 1, (700, k))
    z[np.arange(700), y] += 2.0
    z[:, neutral] -= 2.5  # neutral rows lose to their runner-up
    d, f1 = train.choose_shift("emotion", z.copy(), y, 1.0)
    assert d > 0
    assert f1 > train._evaluate_task("emotion", z, y)
