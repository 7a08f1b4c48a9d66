"""Train the coach's small per-code reader (language/coach_model.py) on our own records only.

Run: .venv/bin/python bench/coach_ml.py [--codes arguing,blaming] [--c 1.0]
Training records: data/coach/own-examples.jsonl + blind-2..blind-9.jsonl + train-arguing-blaming.jsonl
(never coach-dev.jsonl, nor blind-10.jsonl, which is scored once afterwards with bench/coach.py).
The shipped model: .venv/bin/python bench/coach_ml.py --pick precision
One row per draft: hashed n-grams of the folded draft plus the customer's message as a
second block; L2 logistic regression (L-BFGS). Current heads: --codes arguing,blaming,vague_promise.
The threshold per code is chosen by 5-fold cross-validation (3 shuffles) on the training records as the
one that maximises F1 of «rule finding OR probability ≥ t», searched only among high values (≥ 0.5).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]  # bench/email.py shadows

import numpy as np  # noqa: E402
from scipy import optimize, sparse  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))

from hamdel.language import coach_model as cm  # noqa: E402
from hamdel.language.coach import CoachContext, review_rules  # noqa: E402
from hamdel.language.coach_text import fold  # noqa: E402
from hamdel.language.features import model_text  # noqa: E402

TRAIN = [
    "own-examples",
    *(f"blind-{n}" for n in range(2, 10)),  # blind-7…9 joined once they had been scored and tuned on
    "train-arguing-blaming",
]
GRID = np.round(np.r_[np.arange(0.5, 0.96, 0.05), 0.97, 0.98, 0.99], 2)


def context(rec: dict) -> CoachContext:
    """The record's context, as bench/coach.py builds it."""
    c = rec.get("context", {})
    return CoachContext(
        customer_message=rec.get("customer_message", ""),
        first_reply=bool(c.get("first_reply", False)),
        fault=c.get("fault", "unknown"),
        request_possible=c.get("request_possible"),
        customer_mood=c.get("customer_mood", "neutral"),
    )


def load_records() -> list[dict]:
    out = []
    for name in TRAIN:
        path = ROOT / "data" / "coach" / f"{name}.jsonl"
        out += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def matrix(records: list[dict]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for i, rec in enumerate(records):
        b = cm.design([model_text(fold(rec["draft"]).text)], model_text(fold(rec["customer_message"]).text))
        rows.append(np.full(len(b.cols), i))
        cols.append(b.cols)
        vals.append(b.vals)
    dim = 2 * cm.CFG.total_dim
    return sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(records), dim)
    )


def fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression, class-balanced, by L-BFGS."""
    pos = max(1, int(y.sum()))
    sw = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * max(1, len(y) - pos)))

    def f(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:-1], wb[-1]
        z = x @ w + b
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        loss = -np.sum(sw * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))) + 0.5 / c * w @ w
        g = sw * (p - y)
        return loss, np.r_[x.T @ g + w / c, g.sum()]

    res = optimize.minimize(
        f, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 300}
    )
    return res.x[:-1], float(res.x[-1])


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = int((pred & gold).sum())
    return 2 * tp / max(1, int(pred.sum()) + int(gold.sum()))


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--codes", default="arguing,blaming,vague_promise")
    p.add_argument("--c", type=float, default=1.0)
    p.add_argument(
        "--pick",
        choices=("combined", "precision"),
        default="combined",
        help="combined: max CV F1 of rule OR model (the brief's rule); precision: lowest t whose CV "
        "precision of the model alone is >= 0.90 (the rules were tuned on these records, so the combined "
        "CV cannot see what the model adds on unseen text)",
    )
    p.add_argument("--dry", action="store_true", help="cross-validate only, do not write the model")
    args = p.parse_args(argv)
    codes = tuple(args.codes.split(","))
    records = load_records()
    x = matrix(records)
    rules = {
        code: np.array(
            [code in [f.code for f in review_rules(r["draft"], context(r)).findings] for r in records]
        )
        for code in codes
    }
    weights, biases, thresholds, meta = [], [], [], {}
    for code in codes:
        y = np.array([code in r["codes"] for r in records], dtype=float)
        oof = np.zeros((3, len(records)))
        for rep in range(3):
            folds = np.random.default_rng(rep).permutation(len(records)) % 5
            for k in range(5):
                tr, te = folds != k, folds == k
                w, b = fit(x[tr], y[tr], args.c)
                oof[rep, te] = 1 / (1 + np.exp(-(x[te] @ w + b)))
        gold = y.astype(bool)
        rule = rules[code]
        table = {float(t): float(np.mean([f1(rule | (oof[r] >= t), gold) for r in range(3)])) for t in GRID}
        best = max(GRID, key=lambda t: (round(table[float(t)], 3), t))
        if args.pick == "precision":
            prec = {
                float(t): np.mean([(oof[r] >= t)[gold].sum() / max(1, (oof[r] >= t).sum()) for r in range(3)])
                for t in GRID
            }
            best = min(t for t in GRID if prec[float(t)] >= 0.90 or t == GRID[-1])
        for t in GRID:
            pr = oof[0] >= t
            tp = int((pr & gold).sum())
            print(
                f"  model alone t={t:.2f}: P {tp / max(1, int(pr.sum())):.3f}"
                f" R {tp / max(1, int(gold.sum())):.3f}"
                f"  adds {int((pr & ~rule).sum())} (right {int((pr & ~rule & gold).sum())})"
            )
        print(
            f"{code}: rules-only F1 {f1(rule, gold):.3f} (n={int(y.sum())}); "
            + ", ".join(f"t={t:.2f}:{v:.3f}" for t, v in table.items())
            + f" -> t={best:.2f}"
        )
        w, b = fit(x, y, args.c)
        weights.append(w)
        biases.append(b)
        thresholds.append(best)
        meta[code] = {
            "rules_f1_train": round(f1(rule, gold), 3),
            "cv_f1": round(table[float(best)], 3),
            "threshold": float(best),
            "positives": int(y.sum()),
        }
    if not args.dry:
        model = cm.CoachModel(
            codes,
            np.stack(weights, axis=1).astype(np.float32),
            np.array(biases, np.float32),
            np.array(thresholds, np.float32),
        )
        cm.save(
            cm.MODEL_FILE,
            model,
            {"train": TRAIN, "records": len(records), "c": args.c, "pick": args.pick, "heads": meta},
        )
        print("wrote", cm.MODEL_FILE.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
