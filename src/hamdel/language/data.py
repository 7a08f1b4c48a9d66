"""The labelled corpus: loading, label sets, hashing and the deterministic stratified split."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_PATH = REPO_ROOT / "data" / "corpus" / "hamdel-corpus-v1.jsonl"

SENTIMENTS = ("very_negative", "negative", "neutral", "positive", "very_positive")
EMOTIONS = ("anger", "sadness", "fear", "joy", "surprise", "disgust", "neutral")
INTENTS = (
    "order_status",
    "delivery_delay",
    "damaged_or_defective",
    "wrong_or_missing_item",
    "return_or_refund",
    "cancellation",
    "billing_payment",
    "pricing",
    "account_access",
    "technical_problem",
    "staff_behavior",
    "product_question",
    "praise",
    "suggestion",
    "service_quality",
    "other",
)
URGENCIES = ("low", "normal", "high")
MULTICLASS: dict[str, tuple[str, ...]] = {
    "sentiment": SENTIMENTS,
    "emotion": EMOTIONS,
    "intent": INTENTS,
    "urgency": URGENCIES,
}
BINARY = ("abusive", "churn_risk", "mixed")
TASKS = (*MULTICLASS, *BINARY)
SPLIT_SEED = 20240611


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file; blank lines are skipped, a broken line is an error naming its number."""
    rows: list[dict] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f"{path}:{lineno}: each line must be an object with a text field")
            rows.append(row)
    return rows


def valid_label(task: str, value: object) -> bool:
    """Whether a row's value is usable as a label for a task (partial correction rows are allowed)."""
    if task in MULTICLASS:
        return value in MULTICLASS[task]
    return isinstance(value, bool)


def data_hash(rows: Iterable[dict]) -> str:
    """SHA-256 over texts and labels in order, recorded in the manifest to tie models to their data."""
    h = hashlib.sha256()
    for row in rows:
        h.update(json.dumps([row.get("text"), *(row.get(t) for t in TASKS)], ensure_ascii=False).encode())
    return h.hexdigest()


def _stable_key(row_id: str) -> str:
    """Order rows by a salted hash of their id, so the split does not depend on file order."""
    return hashlib.sha256(f"{SPLIT_SEED}:{row_id}".encode()).hexdigest()


def split(rows: list[dict], dev: float = 0.15, test: float = 0.15) -> dict[str, list[dict]]:
    """Deterministic split stratified on sentiment x emotion (intent is balanced enough by size).

    Within each stratum rows are ordered by a salted hash of their id, and every k-th goes to test and
    dev, so adding rows to the corpus moves few existing rows between splits.
    """
    strata: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        strata.setdefault((row["sentiment"], row["emotion"]), []).append(row)
    out: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda r: _stable_key(str(r["id"])))
        acc_test = acc_dev = 0.0
        for row in members:
            acc_test += test
            acc_dev += dev
            if acc_test >= 1.0:
                acc_test -= 1.0
                out["test"].append(row)
            elif acc_dev >= 1.0:
                acc_dev -= 1.0
                out["dev"].append(row)
            else:
                out["train"].append(row)
    return out


def fold_ids(rows: list[dict], k: int) -> list[int]:
    """A deterministic cross-validation fold (0 … k-1) for each row, stratified like ``split``.

    Within each sentiment x emotion stratum rows are ordered by the salted hash of their id and dealt
    round-robin, the deal continuing from one stratum to the next, so folds differ in size by at most one.
    """
    strata: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        strata.setdefault((str(row.get("sentiment")), str(row.get("emotion"))), []).append(i)
    out = [0] * len(rows)
    n = 0
    for key in sorted(strata):
        for i in sorted(strata[key], key=lambda j: _stable_key(str(rows[j].get("id", j)))):
            out[i] = n % k
            n += 1
    return out
