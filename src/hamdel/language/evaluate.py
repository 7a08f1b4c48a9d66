"""``hamdel evaluate``: score the shipped models on a labelled file in one of four formats.

Formats and label mappings (see the shared evaluation README):
- ``hamdel``: corpus JSONL; every task is scored, the headline ``macro_f1`` is sentiment's.
- ``snappfood``: CSV ``text,label`` with HAPPY / SAD; polarity = P(pos)+P(very_pos) vs P(neg)+P(very_neg).
- ``armanemo``: CSV with ANGRY, FEAR, HAPPY, HATE, SAD, SURPRISE, OTHER mapped onto our seven emotions.
- ``parsinlu``: CSV with five sentiment levels and ``mixed``; mixed rows are dropped; the headline is the
  three-class polarity macro-F1, and the five-class figure is reported beside it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from hamdel.language.analyze import analyze
from hamdel.language.data import BINARY, EMOTIONS, MULTICLASS, SENTIMENTS, read_jsonl, valid_label
from hamdel.language.metrics import binary_f1, report

ARMANEMO = {
    "ANGRY": "anger",
    "FEAR": "fear",
    "HAPPY": "joy",
    "HATE": "disgust",
    "SAD": "sadness",
    "SURPRISE": "surprise",
    "OTHER": "neutral",
}
SNAPPFOOD = {"HAPPY": "positive", "SAD": "negative"}
THREE = {
    "very_negative": "negative",
    "negative": "negative",
    "neutral": "neutral",
    "positive": "positive",
    "very_positive": "positive",
}
BATCH = 256


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file with a header that has at least ``text`` and ``label``."""
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: a CSV with a header naming at least text and label is required")
        return [row for row in reader if row.get("text") is not None]


def _analyse_all(texts: list[str]) -> list:
    """Analyse in batches of ``BATCH``."""
    out = []
    for i in range(0, len(texts), BATCH):
        out.extend(analyze(texts[i : i + BATCH]))
    return out


def evaluate_rows(fmt: str, path: Path) -> dict:
    """Read a file in the given format, analyse it and return the metrics dict (``macro_f1`` first)."""
    started = time.perf_counter()
    if fmt == "hamdel":
        rows = read_jsonl(path)
        analyses = _analyse_all([r["text"] for r in rows])
        tasks: dict[str, dict] = {}
        for task, labels in MULTICLASS.items():
            pairs = [
                (r[task], getattr(a, task))
                for r, a in zip(rows, analyses, strict=True)
                if valid_label(task, r.get(task))
            ]
            if pairs:
                tasks[task] = report([p[0] for p in pairs], [p[1] for p in pairs], list(labels))
        for task in BINARY:
            pairs = [
                (r[task], getattr(a, task))
                for r, a in zip(rows, analyses, strict=True)
                if valid_label(task, r.get(task))
            ]
            if pairs:
                truth = np.array([p[0] for p in pairs], dtype=bool)
                pred = np.array([p[1] for p in pairs], dtype=bool)
                tasks[task] = {"f1": round(binary_f1(truth, pred), 4), "n": len(pairs)}
                tasks[task].update(
                    report(
                        ["yes" if t else "no" for t in truth],
                        ["yes" if p else "no" for p in pred],
                        ["no", "yes"],
                    )
                )
        head = tasks.get("sentiment", {"macro_f1": 0.0})
        result = {"format": fmt, "macro_f1": head["macro_f1"], "headline": "sentiment", "tasks": tasks}
    elif fmt == "snappfood":
        rows = [r for r in read_csv(path) if r["label"] in SNAPPFOOD]
        analyses = _analyse_all([r["text"] for r in rows])
        polarity: list[str] = []
        for a in analyses:
            p = a.sentiment_probs
            pos = p["positive"] + p["very_positive"]
            neg = p["negative"] + p["very_negative"]
            polarity.append("positive" if pos > neg else "negative")
        rep = report([SNAPPFOOD[r["label"]] for r in rows], polarity, ["negative", "positive"])
        result = {"format": fmt, **rep, "headline": "polarity"}
    elif fmt == "armanemo":
        rows = [r for r in read_csv(path) if r["label"].strip().upper() in ARMANEMO]
        analyses = _analyse_all([r["text"] for r in rows])
        emotions = [ARMANEMO[r["label"].strip().upper()] for r in rows]
        rep = report(emotions, [a.emotion for a in analyses], list(EMOTIONS))
        result = {"format": fmt, **rep, "headline": "emotion"}
    elif fmt == "parsinlu":
        rows = [r for r in read_csv(path) if r["label"] in SENTIMENTS]
        analyses = _analyse_all([r["text"] for r in rows])
        five = report([r["label"] for r in rows], [a.sentiment for a in analyses], list(SENTIMENTS))
        three_pred = []
        for a in analyses:
            p = a.sentiment_probs
            agg = {
                "negative": p["negative"] + p["very_negative"],
                "neutral": p["neutral"],
                "positive": p["positive"] + p["very_positive"],
            }
            three_pred.append(max(agg, key=lambda k: agg[k]))
        three = report([THREE[r["label"]] for r in rows], three_pred, ["negative", "neutral", "positive"])
        result = {"format": fmt, **three, "headline": "three-class polarity", "five_class": five}
    else:
        raise ValueError(f"unknown format {fmt!r}")
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["model_version"] = analyses[0].model_version if analyses else None
    return result


def _print_report(name: str, rep: dict) -> None:
    """Human-readable per-class table and confusion matrix."""
    labels = rep["labels"]
    print(f"\n{name}: macro-F1 {rep['macro_f1']:.4f}  accuracy {rep['accuracy']:.4f}  n={rep['n']}")
    print(f"  {'label':<16}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
    for label in labels:
        c = rep["per_class"][label]
        print(f"  {label:<16}{c['precision']:>10.4f}{c['recall']:>10.4f}{c['f1']:>10.4f}{c['support']:>9}")
    width = max(6, *(len(label[:12]) for label in labels)) + 1
    print("  confusion (rows = true, columns = predicted)")
    print("  " + " " * 16 + "".join(f"{label[:12]:>{width}}" for label in labels))
    for label, row in zip(labels, rep["confusion"], strict=True):
        print(f"  {label:<16}" + "".join(f"{v:>{width}}" for v in row))


def build_parser() -> argparse.ArgumentParser:
    """The ``evaluate`` command line."""
    p = argparse.ArgumentParser(prog="hamdel evaluate", description="Evaluate the language models.")
    p.add_argument("--format", required=True, choices=["hamdel", "snappfood", "armanemo", "parsinlu"])
    p.add_argument("--json", action="store_true", help="print one JSON object (macro_f1 is the headline)")
    p.add_argument("path", type=Path)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; 0 on success, 2 on unreadable input."""
    args = build_parser().parse_args(argv)
    try:
        result = evaluate_rows(args.format, args.path)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{args.format} {args.path}  model {result['model_version']}  ({result['seconds']} s)")
    if args.format == "hamdel":
        for task, rep in result["tasks"].items():
            _print_report(task, rep)
    else:
        _print_report(result["headline"], result)
        if "five_class" in result:
            _print_report("five-class sentiment", result["five_class"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
