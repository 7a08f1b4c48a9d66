"""The labelled corpus: loading, label sets, hashing and the deterministic stratified split."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_PATH = REPO_ROOT / "data" / "corpus" / "hamdel-corpus-v1.jsonl"
V2_DIR = REPO_ROOT / "data" / "corpus" / "v2"
V1_STYLE = "v1"  # the source_style given to v1 rows, which have no such field

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


def load_corpus(v1: Path = CORPUS_PATH, v2_dir: Path | None = V2_DIR) -> list[dict]:
    """The whole labelled corpus: v1, then every ``v2/*.jsonl`` part in file-name order.

    v1 rows get ``source_style`` "v1" so per-register figures can be reported; a v2 row keeps its own.
    A missing v2 folder is not an error (a checkout may carry v1 only).
    """
    rows = [{**r, "source_style": r.get("source_style") or V1_STYLE} for r in read_jsonl(v1)]
    if v2_dir is not None and v2_dir.is_dir():
        for path in sorted(v2_dir.glob("*.jsonl")):
            rows.extend(read_jsonl(path))
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
    """Deterministic split: v1 rows as they always were, later rows by their id alone.

    v1 rows (``source_style`` absent or "v1") are split stratified on sentiment x emotion: within each
    stratum rows are ordered by a salted hash of their id and every k-th goes to test and dev, so the v1
    test split is the one every earlier figure was measured on. Any other row goes by a salted hash of
    its own id (``test`` of the hash range to test, the next ``dev`` to dev), so a row's split never
    depends on which other rows exist: parts that grow, or arrive in any order, move no row.
    """
    strata: dict[tuple[str, str], list[dict]] = {}
    out: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    later: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for row in rows:
        if row.get("source_style", V1_STYLE) != V1_STYLE:
            u = int(_stable_key(f"v2:{row['id']}")[:12], 16) / float(1 << 48)
            later["test" if u < test else "dev" if u < test + dev else "train"].append(row)
            continue
        strata.setdefault((row["sentiment"], row["emotion"]), []).append(row)
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
    return {name: out[name] + later[name] for name in out}  # v1 first, then later rows in input order


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
