"""Reply-coach benchmark: quality on the labelled dev set and latency per draft.

Run: .venv/bin/python bench/coach.py [--errors] [--out PRED.jsonl] [--set data/coach/coach-dev.jsonl]
Runs language.coach.review() over every record (context from the record), writes the predictions, scores
them with data/coach/score.py (per-code table, micro-F1, clean accuracy), scores the keyword baseline
(one regular expression per code, as the skeleton coach did) the same way for comparison, and times
review() per draft (p50/p95 over 20 passes on one core). Numbers go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hamdel.language.coach import CODES, CoachContext, review  # noqa: E402
from hamdel.language.normalize import normalize  # noqa: E402

DEV = ROOT / "data" / "coach" / "coach-dev.jsonl"
SCORER = ROOT / "data" / "coach" / "score.py"

# The keyword baseline: the skeleton coach's one regular expression per code, plus the context fields.
_BASE = {
    "missing_greeting": re.compile(r"سلام|درود|وقت\S* بخیر|روز\S* بخیر|عصر\S* بخیر|صبح\S* بخیر"),
    "missing_introduction": re.compile(r"\bمن \S+ (?:هستم|از)|اینجانب"),
    "missing_empathy": re.compile(r"متاسف|متأسف|عذر|ببخشید|پوزش|درک می|حق دارید|ناراحت"),
    "vague_promise": re.compile(r"به زودی|بزودی|در اسرع وقت|هر چه زودتر|پیگیری می‌کنیم"),
    "blaming": re.compile(r"اشتباه (?:از )?شما|شما (?:باید|نباید)|تقصیر شما"),
}


def baseline(draft: str, ctx: CoachContext) -> list[str]:
    """The keyword baseline the measured coach replaced (language/coach.py before issue 14's model)."""
    text = normalize(draft)
    codes = []
    if ctx.first_reply and not _BASE["missing_greeting"].search(text):
        codes.append("missing_greeting")
    if ctx.first_reply and not _BASE["missing_introduction"].search(text):
        codes.append("missing_introduction")
    if ctx.customer_mood in ("angry", "upset", "worried") and not _BASE["missing_empathy"].search(text):
        codes.append("missing_empathy")
    for code in ("vague_promise", "blaming"):
        if _BASE[code].search(draft):
            codes.append(code)
    return [c for c in CODES if c in codes]


# A keyword baseline over all nine codes: one untuned regular expression per code plus the context fields
# (what the labelling guide calls the trivial baseline; written here for comparison, not tuned).
_KW = {
    "greeting": re.compile(r"سلام|درود|بخیر"),
    "introduction": re.compile(r"هستم|اینجانب"),
    "empathy": re.compile(r"متاسف|متأسف|عذر|ببخشید|پوزش|درک|حق با|حق دارید"),
    "blaming": re.compile(r"تقصیر|مقصر|اشتباه|دقت"),
    "arguing": re.compile(r"درست نیست|امکان ندارد|امکان نداره|هیچ‌وقت|نه،|این‌طور نیست"),
    "vague_promise": re.compile(r"به‌زودی|بزودی|اولین فرصت|اسرع وقت|بعداً|پیگیری|بررسی"),
    "remedy": re.compile(r"برگشت|برگردون|واریز|تخفیف|رایگان|تعویض|جبران|ارسال"),
    "alternative": re.compile(r"می‌تونید|می‌توانید|ولی|اما|پیشنهاد|راه"),
    "robotic": re.compile(r"گرامی|محترم|با تشکر|با سپاس"),
}


def keyword_baseline(draft: str, ctx: CoachContext) -> list[str]:
    """One regular expression per code: the yardstick the issue compares the coach with."""
    hit = {k: bool(p.search(draft)) for k, p in _KW.items()}
    codes = []
    if ctx.first_reply and not hit["greeting"]:
        codes.append("missing_greeting")
    if ctx.first_reply and not hit["introduction"]:
        codes.append("missing_introduction")
    if ctx.customer_mood in ("angry", "upset", "worried") and not hit["empathy"]:
        codes.append("missing_empathy")
    for code in ("blaming", "arguing", "vague_promise", "robotic"):
        if hit[code]:
            codes.append(code)
    if ctx.fault == "ours" and not hit["remedy"]:
        codes.append("no_remedy")
    if ctx.request_possible is False and not hit["alternative"]:
        codes.append("bare_no")
    return [c for c in CODES if c in codes]


def context(rec: dict) -> CoachContext:
    c = rec.get("context", {})
    return CoachContext(
        customer_message=rec.get("customer_message", ""),
        first_reply=bool(c.get("first_reply", False)),
        fault=c.get("fault", "unknown"),
        request_possible=c.get("request_possible"),
        customer_mood=c.get("customer_mood", "neutral"),
    )


def score(gold: Path, preds: list[dict]) -> tuple[str, dict]:
    """Run the set's own scorer on the predictions; returns its table and its final JSON line."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
        path = f.name
    try:
        out = subprocess.run(
            [sys.executable, str(SCORER), str(gold), path], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(path)
    lines = out.strip().splitlines()
    return "\n".join(lines[:-1]), json.loads(lines[-1])


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--set", type=Path, default=DEV)
    p.add_argument("--out", type=Path, default=None, help="write the predictions here")
    p.add_argument("--errors", action="store_true", help="print every record the coach gets wrong")
    p.add_argument("--passes", type=int, default=20)
    args = p.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    records = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds, base, kw = [], [], []
    for rec in records:
        ctx = context(rec)
        res = review(rec["draft"], ctx)
        codes = [f.code for f in res.findings]
        preds.append({"id": rec["id"], "codes": codes})
        base.append({"id": rec["id"], "codes": baseline(rec["draft"], ctx)})
        kw.append({"id": rec["id"], "codes": keyword_baseline(rec["draft"], ctx)})
        if args.errors and set(codes) != set(rec.get("codes", [])):
            missed = sorted(set(rec["codes"]) - set(codes))
            extra = sorted(set(codes) - set(rec["codes"]))
            print(f"{rec['id']} missed={missed} extra={extra}\n   {rec['draft']}")
    if args.out:
        args.out.write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in preds), encoding="utf-8"
        )

    table, res = score(args.set, preds)
    _, bres = score(args.set, base)
    _, kres = score(args.set, kw)
    print("Reply coach (language/coach.py) on", args.set.name)
    print(table)
    for name, r in (
        ("skeleton coach (main before this work)", bres),
        ("keyword baseline (one regex per code)", kres),
        ("coach", res),
    ):
        print(f"{name:40} micro-F1 {r['micro_f1']:.3f}, clean accuracy {r['clean_accuracy']:.3f}")

    samples = []
    for _ in range(args.passes):
        for rec in records:
            ctx = context(rec)
            t0 = time.perf_counter()
            review(rec["draft"], ctx)
            samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    big = ("سلام، من سارا هستم. " + records[0]["draft"]) * 100
    t0 = time.perf_counter()
    review(big[:20000], context(records[0]))
    t_big = (time.perf_counter() - t0) * 1000
    print(
        f"latency per draft: p50 {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms "
        f"({len(samples)} reviews, one core); a 20,000-character draft: {t_big:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
