"""Classification metrics in plain numpy, so evaluation needs no scikit-learn at run time."""

from __future__ import annotations

import numpy as np


def confusion(y_true: list[str], y_pred: list[str], labels: list[str]) -> np.ndarray:
    """Counts with true labels as rows and predictions as columns, in ``labels`` order."""
    index = {label: i for i, label in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, p in zip(y_true, y_pred, strict=True):
        m[index[t], index[p]] += 1
    return m


def report(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict:
    """Per-class precision, recall, F1 and support; macro-F1; accuracy; the confusion matrix."""
    m = confusion(y_true, y_pred, labels)
    tp = np.diag(m).astype(float)
    pred = m.sum(axis=0).astype(float)
    true = m.sum(axis=1).astype(float)
    precision = np.divide(tp, pred, out=np.zeros_like(tp), where=pred > 0)
    recall = np.divide(tp, true, out=np.zeros_like(tp), where=true > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(tp), where=denom > 0)
    present = true > 0
    per_class = {
        label: {
            "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4),
            "f1": round(float(f1[i]), 4),
            "support": int(true[i]),
        }
        for i, label in enumerate(labels)
    }
    total = int(m.sum())
    return {
        "macro_f1": round(float(f1[present].mean()) if present.any() else 0.0, 4),
        "accuracy": round(float(tp.sum() / total) if total else 0.0, 4),
        "n": total,
        "labels": labels,
        "per_class": per_class,
        "confusion": m.tolist(),
    }


def binary_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """F1 of the positive class."""
    tp = float(np.sum(y_true & y_pred))
    fp = float(np.sum(~y_true & y_pred))
    fn = float(np.sum(y_true & ~y_pred))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def best_threshold(y_true: np.ndarray, prob: np.ndarray) -> tuple[float, float]:
    """The probability threshold that maximises F1 on held-out rows, and that F1."""
    best = (0.5, binary_f1(y_true, prob >= 0.5))
    for t in np.arange(0.1, 0.91, 0.025):
        f = binary_f1(y_true, prob >= t)
        if f > best[1] + 1e-9:
            best = (float(round(t, 3)), f)
    return best
