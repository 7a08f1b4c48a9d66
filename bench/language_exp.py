"""Language model experiments: fit on the corpus train split with fixed per-task settings, score dev and the
shared external dev sets in memory (no export, no cross-validated search), so one variant takes minutes.

Run: .venv/bin/python bench/language_exp.py [--eval-dir ../shared/eval] [--v2-dir DIR] [--features JSON]
        [--choices JSON] [--test] [--label NAME]
The external sets are only read to measure (never fitted on); the settings per task default to the shipped
manifest's choices. ``--test`` adds the corpus test split (use once, for the final table).
Prints one JSON line per run, the figures docs/language.md's tables are made of.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This folder holds bench/email.py, which would shadow the standard library's email package.
sys.path[:] = [os.environ.get("HAMDEL_SRC", str(ROOT / "src"))] + [
    q for q in sys.path if Path(q or ".").resolve() != ROOT / "bench"
]

import numpy as np  # noqa: E402

from hamdel.language import train  # noqa: E402
from hamdel.language.data import MULTICLASS, V2_DIR, load_corpus, split  # noqa: E402
from hamdel.language.evaluate import ARMANEMO, SNAPPFOOD, THREE  # noqa: E402
from hamdel.language.features import FeatureConfig, document_frequency, featurize, idf_from_df  # noqa: E402
from hamdel.language.metrics import best_threshold, binary_f1, report  # noqa: E402
from hamdel.language.model import DEFAULT_MODEL_DIR  # noqa: E402

SENT = MULTICLASS["sentiment"]


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of one shared evaluation CSV."""
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


REVIEW_CHANNELS = ("review", "survey_comment")
SOCIAL_STYLES = ("life_event", "social_post", "social_comment")
REGISTERS = ("support", "review", "social")


def register(row: dict) -> int:
    """Which register a corpus row was written in: a support message, a review, or a social/life post."""
    if row.get("channel") in REVIEW_CHANNELS:
        return 1
    if row.get("channel") == "social" or row.get("source_style") in SOCIAL_STYLES:
        return 2
    return 0


def fit_offsets(z: np.ndarray, y: np.ndarray, g: np.ndarray, temp: float, steps: int = 300) -> np.ndarray:
    """Per-register additive logit offsets (registers x classes) minimising log-loss on held-out rows."""
    k = z.shape[1]
    delta = np.zeros((len(REGISTERS), k))
    onehot = np.eye(k)[y]
    for r in range(len(REGISTERS)):
        sel = g == r
        if sel.sum() < 30:
            continue
        for _ in range(steps):
            p = softmax(z[sel] / temp + delta[r])
            delta[r] -= 1.0 * (p - onehot[sel]).mean(axis=0)
        delta[r] -= delta[r].mean()
    return delta


class Fitted:
    """Per-task linear heads fitted in memory, with temperatures and thresholds taken from dev."""

    def __init__(self, cfg: FeatureConfig, idf: np.ndarray, heads: dict[str, tuple]) -> None:
        self.cfg, self.idf, self.heads = cfg, idf, heads
        self.register: tuple | None = None  # (w, b) of the register head
        self.offsets: dict[str, np.ndarray] = {}  # task -> registers x classes
        self.shift: dict[str, np.ndarray] = {}  # task -> one additive logit offset per class (all text)
        self.rescale = False  # five-class sentiment rescaled so its polarity sums equal the polarity head's

    def matrix(self, texts: list[str]) -> object:
        """Features of raw texts, exactly as ``analyze`` computes them."""
        t, e = train.prepare([{"text": x} for x in texts])
        return train.to_csr(featurize(t, self.cfg, self.idf, e), self.cfg.total_dim)

    def polarity(self, x: object) -> np.ndarray:
        """Negative / neutral / positive probabilities: the five-class sums, or the polarity head's."""
        if "polarity" in self.heads:
            return self.probs("polarity", x)
        p = self.probs("sentiment", x)
        return np.stack([p[:, 0] + p[:, 1], p[:, 2], p[:, 3] + p[:, 4]], axis=1)

    def probs(self, task: str, x: object) -> np.ndarray:
        """Calibrated class probabilities (multi-class) or P(yes) (yes/no)."""
        w, b, temp, _ = self.heads[task]
        z = np.asarray(x @ w) + b[None, :]
        if task in MULTICLASS:
            z = z / temp
            if task in self.offsets and self.register is not None:
                rw, rb = self.register
                z = z + softmax(np.asarray(x @ rw) + rb[None, :]) @ self.offsets[task]
            if task in self.shift:
                z = z + self.shift[task][None, :]
            p = softmax(z)
            if task == "sentiment" and self.rescale and "polarity" in self.heads:
                p = rescaled(p, self.probs("polarity", x))
            return p
        return 1.0 / (1.0 + np.exp(-z[:, 0]))


GROUPS = ((0, 1), (2,), (3, 4))  # five sentiment levels -> negative / neutral / positive


def rescaled(five: np.ndarray, three: np.ndarray) -> np.ndarray:
    """Five-level probabilities whose group sums are the polarity head's, shares within a group kept."""
    out = five.copy()
    for g, cols in enumerate(GROUPS):
        tot = five[:, cols].sum(axis=1, keepdims=True)
        out[:, cols] = five[:, cols] / np.maximum(tot, 1e-9) * three[:, g : g + 1]
    return out


def macro(task: str, y: np.ndarray, p: np.ndarray) -> float:
    """Macro-F1 of argmax predictions."""
    names = list(MULTICLASS[task])
    return report([names[i] for i in y], [names[i] for i in p.argmax(1)], names)["macro_f1"]


def choose_shift(m: Fitted, task: str, cls: str, dev: list[dict]) -> float:
    """The logit offset of one class that maximises the dev split's macro-F1 (a threshold for that class)."""
    idx, y = train._targets(dev, task)
    x = m.matrix([dev[i]["text"] for i in idx])
    k = MULTICLASS[task].index(cls)
    best = (-1.0, 0.0)
    for d in np.round(np.arange(-1.5, 3.01, 0.25), 2):
        v = np.zeros(len(MULTICLASS[task]))
        v[k] = d
        m.shift[task] = v
        f = macro(task, y, m.probs(task, x))
        print(f"shift {task}:{cls} {d:+.2f} dev {f:.4f}", file=sys.stderr)
        if f > best[0] + 1e-9:
            best = (f, float(d))
    # Honesty check: choose on one half of dev (by id hash), score the other half, both ways round.
    half = np.array([int(hashlib.sha256(str(dev[i]["id"]).encode()).hexdigest(), 16) % 2 for i in idx])
    grid = np.round(np.arange(-1.5, 3.01, 0.25), 2)
    for a in (0, 1):
        fa, fb = [], []
        for d in grid:
            v = np.zeros(len(MULTICLASS[task]))
            v[k] = d
            m.shift[task] = v
            p = m.probs(task, x)
            fa.append(macro(task, y[half == a], p[half == a]))
            fb.append(macro(task, y[half != a], p[half != a]))
        j, j0 = int(np.argmax(fa)), int(np.flatnonzero(grid == 0)[0])
        msg = f"halves: chose {grid[j]:+.2f} on half {a}; other half {fb[j0]:.4f} -> {fb[j]:.4f}"
        print(msg, file=sys.stderr)
    v = np.zeros(len(MULTICLASS[task]))
    v[k] = best[1]
    m.shift[task] = v
    return best[1]


def fit_all(
    rows: list[dict],
    dev: list[dict],
    cfg: FeatureConfig,
    choices: dict[str, dict],
    offsets: tuple = (),
    exclude: dict[str, set[str]] | None = None,
    v1_weight: float = 1.0,
) -> Fitted:
    """Fit every head on ``rows`` with the given settings; temperature and thresholds fitted on ``dev``."""
    train.CONFIG = cfg
    ft, fe = train.prepare(rows)
    idf = idf_from_df(document_frequency(featurize(ft, cfg, None, fe), cfg.dim), len(ft))
    x = train.to_csr(featurize(ft, cfg, idf, fe), cfg.total_dim)
    dt, de = train.prepare(dev)
    xd = train.to_csr(featurize(dt, cfg, idf, de), cfg.total_dim)
    heads: dict[str, tuple] = {}
    for task, ch in choices.items():
        t0 = time.perf_counter()
        idx, y = train._targets(rows, task)
        if exclude and task in exclude:  # leave out v2 rows of some registers from this head
            keep = np.array(
                [
                    rows[i]["source_style"] == "v1" or REGISTERS[register(rows[i])] not in exclude[task]
                    for i in idx
                ]
            )
            idx, y = idx[keep], y[keep]
        cue = ch["cue_scale"]
        sw = None
        if v1_weight != 1.0:
            sw = np.array([v1_weight if rows[i]["source_style"] == "v1" else 1.0 for i in idx])
        w, b = train.fit(train.cue_scaled(x, cue)[idx], y, task, ch["C"], ch["balanced"], ch["method"], sw)
        w[cfg.dim :] *= cue
        di, dy = train._targets(dev, task)
        zd = np.asarray(xd[di] @ w) + b[None, :]
        if task in MULTICLASS:
            heads[task] = (w, b, train.fit_temperature(zd, dy), 0.5)
        else:
            thr, _ = best_threshold(dy, 1.0 / (1.0 + np.exp(-zd[:, 0])))
            heads[task] = (w, b, 1.0, thr)
        print(f"fit {task} {ch['method']} C={ch['C']}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    m = Fitted(cfg, idf, heads)
    if offsets:
        g = np.array([register(r) for r in rows])
        train.MULTICLASS["register"] = REGISTERS  # fit() reads the class count from this table
        w, b = train.fit(x, g, "register", 16.0, True, "lr")
        del train.MULTICLASS["register"]
        m.register = (w, b)
        gd = np.array([register(r) for r in dev])
        for task in offsets:
            di, dy = train._targets(dev, task)
            w, b, temp, _ = heads[task]
            zd = np.asarray(xd[di] @ w) + b[None, :]
            m.offsets[task] = fit_offsets(zd, dy, gd[di], temp)
    return m


def review_prior(m: Fitted, rows: list[dict], task: str) -> np.ndarray:
    """Log class priors of the review-register training rows against the uniform prior balanced fits assume.

    Weighted by the register head's P(review | text): a prior re-estimated for review-like text from our
    own labelled reviews, never from an evaluation set.
    """
    idx, y = train._targets(rows, task)
    rev = np.array([register(rows[i]) == 1 for i in idx])
    k = len(MULTICLASS[task])
    prior = (np.bincount(y[rev], minlength=k) + 1.0) / (rev.sum() + k)
    print(f"review prior {task}: {np.round(prior, 3).tolist()}", file=sys.stderr)
    logp = np.log(prior)
    return logp - logp.mean()


def corpus_scores(m: Fitted, rows: list[dict]) -> dict[str, float]:
    """Macro-F1 (multi-class) or F1 (yes/no) per task on labelled corpus rows."""
    x = m.matrix([r["text"] for r in rows])
    out: dict[str, float] = {}
    for task in m.heads:
        idx, y = train._targets(rows, task)
        if not len(idx):
            continue
        p = m.probs(task, x[idx])
        if task in MULTICLASS:
            names = list(MULTICLASS[task])
            out[task] = report([names[i] for i in y], [names[i] for i in p.argmax(1)], names)["macro_f1"]
        else:
            out[task] = round(binary_f1(y, p >= m.heads[task][3]), 4)
    return out


def external(m: Fitted, eval_dir: Path, per_class: bool = False) -> dict[str, object]:
    """SnappFood polarity, ArmanEmo 7-emotion and ParsiNLU 3-class macro-F1, scored as ``evaluate`` does."""
    out: dict[str, object] = {}
    reps: dict[str, dict] = {}
    if "sentiment" in m.heads or "polarity" in m.heads:
        sentiment_sets(m, eval_dir, out, reps)
    if "emotion" in m.heads:
        emotion_set(m, eval_dir, out, reps)
    if per_class:
        out["per_class"] = {k: {c: v["f1"] for c, v in r["per_class"].items()} for k, r in reps.items()}
        out["confusion"] = {k: r["confusion"] for k, r in reps.items()}
    return out


def sentiment_sets(m: Fitted, eval_dir: Path, out: dict, reps: dict) -> None:
    """SnappFood polarity and ParsiNLU three-class macro-F1 from the sentiment head."""
    rows = [r for r in read_csv(eval_dir / "snappfood_dev.csv") if r["label"] in SNAPPFOOD]
    p = m.polarity(m.matrix([r["text"] for r in rows]))
    pred = np.where(p[:, 2] > p[:, 0], "positive", "negative")
    rep = report([SNAPPFOOD[r["label"]] for r in rows], list(pred), ["negative", "positive"])
    out["snappfood"] = rep["macro_f1"]
    reps["snappfood"] = rep
    rows = [r for r in read_csv(eval_dir / "parsinlu_sentiment_dev.csv") if r["label"] in SENT]
    agg = m.polarity(m.matrix([r["text"] for r in rows]))
    three = ["negative", "neutral", "positive"]
    rep = report([THREE[r["label"]] for r in rows], [three[i] for i in agg.argmax(1)], three)
    out["parsinlu3"] = rep["macro_f1"]
    reps["parsinlu3"] = rep


def emotion_set(m: Fitted, eval_dir: Path, out: dict, reps: dict) -> None:
    """ArmanEmo seven-emotion macro-F1 from the emotion head."""
    rows = [r for r in read_csv(eval_dir / "armanemo_train.csv") if r["label"].strip().upper() in ARMANEMO]
    p = m.probs("emotion", m.matrix([r["text"] for r in rows]))
    emos = list(MULTICLASS["emotion"])
    rep = report([ARMANEMO[r["label"].strip().upper()] for r in rows], [emos[i] for i in p.argmax(1)], emos)
    out["armanemo"] = rep["macro_f1"]
    reps["armanemo"] = rep


def by_style(rows: list[dict], keep: Callable[[dict], bool]) -> list[dict]:
    """The rows a predicate keeps."""
    return [r for r in rows if keep(r)]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--eval-dir", type=Path, default=ROOT.parent.parent / "shared" / "eval")
    p.add_argument("--v2-dir", type=Path, default=V2_DIR)
    p.add_argument("--no-v2", action="store_true", help="v1 rows only (the baseline)")
    p.add_argument("--features", default="{}", help="JSON FeatureConfig overrides")
    p.add_argument("--choices", default="{}", help="JSON per-task overrides of the shipped choices")
    p.add_argument("--test", action="store_true", help="also score the corpus test split")
    p.add_argument("--per-class", action="store_true")
    p.add_argument("--v1-weight", type=float, default=1.0, help="sample weight of v1 rows")
    p.add_argument("--by-style", action="store_true", help="dev figures per source_style")
    p.add_argument("--label", default="")
    p.add_argument("--tasks", default="", help="comma-separated heads to fit (default: all)")
    p.add_argument("--exclude", default="", help="TASK:REGISTER,... v2 rows left out of a head's training")
    p.add_argument("--offsets", default="", help="comma-separated tasks given per-register offsets")
    p.add_argument("--shift", default="", help="TASK:CLASS,... a logit offset per named class, chosen on dev")
    p.add_argument("--review-prior", default="", help="TASK,... review-register class priors from train")
    p.add_argument("--rescale", action="store_true", help="sentiment rescaled to the polarity head")
    args = p.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    started = time.perf_counter()
    manifest = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    choices = manifest["choices_on_dev"]
    for task, over in json.loads(args.choices).items():
        choices[task] = {**choices.get(task, choices["sentiment"]), **over}
    if args.tasks:
        choices = {t: choices[t] for t in args.tasks.split(",")}
    cfg = FeatureConfig(**{**train.BASE_CONFIG.__dict__, **json.loads(args.features)})
    rows = load_corpus(v2_dir=None if args.no_v2 else args.v2_dir)
    if "polarity" in choices:  # a three-class head trained on the sentiment labels collapsed
        MULTICLASS["polarity"] = ("negative", "neutral", "positive")
        for r in rows:
            r["polarity"] = THREE[r["sentiment"]]
    parts = split(rows)
    exclude: dict[str, set[str]] = {}
    for pair in filter(None, args.exclude.split(",")):
        task, _, reg = pair.partition(":")
        exclude.setdefault(task, set()).add(reg)
    m = fit_all(
        parts["train"],
        parts["dev"],
        cfg,
        choices,
        tuple(filter(None, args.offsets.split(","))),
        exclude,
        args.v1_weight,
    )
    m.rescale = args.rescale
    for task, ch in choices.items():  # a class offset the choices carry (the shipped emotion head's)
        for cls, d in ch.get("shift", {}).items():
            m.shift[task] = np.eye(len(MULTICLASS[task]))[MULTICLASS[task].index(cls)] * d
    chosen_shift: dict[str, float] = {}
    before_shift = external(m, args.eval_dir) if args.shift else None
    for pair in filter(None, args.shift.split(",")):
        task, _, cls = pair.partition(":")
        chosen_shift[pair] = choose_shift(m, task, cls, parts["dev"])
    for task in filter(None, args.review_prior.split(",")):
        if m.register is None:  # weight the prior by how review-like each text is
            g = np.array([register(r) for r in parts["train"]])
            train.MULTICLASS["register"] = REGISTERS
            rx = m.matrix([r["text"] for r in parts["train"]])
            m.register = train.fit(rx, g, "register", 16.0, True, "lr")
            del train.MULTICLASS["register"]
        off = np.zeros((len(REGISTERS), len(MULTICLASS[task])))
        off[1] = review_prior(m, parts["train"], task)
        m.offsets[task] = off
    v1 = lambda r: r["source_style"] == "v1"  # noqa: E731
    result: dict[str, object] = {
        "label": args.label,
        "rows": {k: len(v) for k, v in parts.items()},
        "dev_v1": corpus_scores(m, by_style(parts["dev"], v1)),
    }
    dev2 = by_style(parts["dev"], lambda r: not v1(r))
    if dev2:
        result["dev_v2"] = corpus_scores(m, dev2)
    if args.by_style:
        styles = sorted({r["source_style"] for r in parts["dev"]})
        result["dev_by_style"] = {
            st: {"n": n, **corpus_scores(m, sel)}
            for st in styles
            if (n := len(sel := by_style(parts["dev"], lambda r, st=st: r["source_style"] == st))) >= 20
        }
    if args.test:
        result["test_v1"] = corpus_scores(m, by_style(parts["test"], v1))
        test2 = by_style(parts["test"], lambda r: not v1(r))
        if test2:
            result["test_v2"] = corpus_scores(m, test2)
    result["external"] = external(m, args.eval_dir, args.per_class)
    if before_shift is not None:
        result["external_before_shift"] = before_shift
    if m.shift:
        result["shift"] = {t: np.round(v, 3).tolist() for t, v in m.shift.items()}
    if m.offsets:
        result["offsets"] = {t: np.round(v, 2).tolist() for t, v in m.offsets.items()}
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
