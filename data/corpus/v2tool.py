"""Corpus v2 tooling: build a part from compact hand-written lines, sample a blind relabel, score agreement.

Writers type compact lines (labels as short codes) because a labelled row is mostly its text; this
tool expands them into the v1 JSON-lines format plus `source_style`, refusing unknown codes by line.

Compact source (UTF-8 text; `#` lines are comments, blank lines are skipped):

    #@ channel=chat domain=telecom style=chat_slang
    -- ang dd h c | سه هفته‌ست منتظرم، دیگه ازتون خرید نمی‌کنم
    +  joy pz l . | مرسی، سریع رسید

A `#@` line sets the channel, domain and style of the lines after it. A row is
`SENTIMENT EMOTION INTENT URGENCY FLAGS | text`; FLAGS is `.` or any of m (mixed), a (abusive),
c (churn_risk).
Write `\\n` inside a text for a line break (e-mails).

    python data/corpus/v2tool.py build NAME SRC_DIR          -> data/corpus/v2/NAME.jsonl (ids NAME-00001…)
    python data/corpus/v2tool.py sample NAME                  -> 10% of NAME's rows, id and text only (blind)
    python data/corpus/v2tool.py agree NAME RELABEL.txt        -> agreement per task (RELABEL: `id S E I U F`)
    python data/corpus/v2tool.py stats [NAME ...]             -> counts per label and style
    python data/corpus/v2tool.py summary                      -> Markdown tables for README.md: counts per
                                                                 part, style and label; agreement of every
                                                                 relabel/<NAME>.txt
    python data/corpus/v2tool.py emotion-pass                 -> the calm-opinion emotion pass: rows read
                                                                 and changed per part (emotion-pass-*.tsv),
                                                                 agreement of the blind emotion-blind-*.tsv
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
V2 = HERE / "v2"

SENT = {"--": "very_negative", "-": "negative", "0": "neutral", "+": "positive", "++": "very_positive"}
EMO = {
    "ang": "anger",
    "sad": "sadness",
    "fea": "fear",
    "joy": "joy",
    "sur": "surprise",
    "dis": "disgust",
    "neu": "neutral",
}
INTENT = {
    "os": "order_status",
    "dd": "delivery_delay",
    "df": "damaged_or_defective",
    "wm": "wrong_or_missing_item",
    "rr": "return_or_refund",
    "ca": "cancellation",
    "bp": "billing_payment",
    "pr": "pricing",
    "aa": "account_access",
    "tp": "technical_problem",
    "sb": "staff_behavior",
    "pq": "product_question",
    "pz": "praise",
    "sg": "suggestion",
    "sq": "service_quality",
    "ot": "other",
}
URG = {"l": "low", "n": "normal", "h": "high"}
CHANNELS = {
    "email",
    "chat",
    "telegram",
    "sms",
    "web_form",
    "social",
    "phone_transcript",
    "review",
    "survey_comment",
}
DOMAINS = {
    "ecommerce",
    "fashion",
    "food_delivery",
    "restaurant",
    "telecom",
    "utilities",
    "banking",
    "insurance",
    "travel",
    "hotel",
    "software",
    "clinic",
    "auto_service",
    "appliance_service",
    "ride_hailing",
    "education",
    "apps",
    "personal",
}
STYLES = {
    "terse_review",
    "long_review",
    "chat_slang",
    "finglish",
    "sms",
    "email",
    "social_post",
    "social_comment",
    "life_event",
    "sarcasm",
    "mixed_feelings",
    "emoji_heavy",
    "emoji_only",
    "confusable_intent",
}


def _labels(codes: list[str], where: str) -> dict:
    """Expand the five label codes of one row; an unknown code is an error naming the line."""
    if len(codes) != 5:
        raise ValueError(f"{where}: expected 5 label codes before '|', got {codes}")
    s, e, i, u, f = codes
    checks = ((SENT, s, "sentiment"), (EMO, e, "emotion"), (INTENT, i, "intent"), (URG, u, "urgency"))
    for table, code, name in checks:
        if code not in table:
            raise ValueError(f"{where}: unknown {name} code {code!r}")
    if f != "." and (not f or set(f) - set("mac")):
        raise ValueError(f"{where}: flags must be '.' or letters of m/a/c, got {f!r}")
    return {
        "sentiment": SENT[s],
        "emotion": EMO[e],
        "intent": INTENT[i],
        "urgency": URG[u],
        "mixed": "m" in f,
        "abusive": "a" in f,
        "churn_risk": "c" in f,
    }


def parse(src_dir: Path) -> list[dict]:
    """Rows of every *.txt in a folder, in file-name order, with their context lines applied."""
    rows: list[dict] = []
    for path in sorted(src_dir.glob("*.txt")):
        ctx: dict[str, str] = {}
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            where = f"{path.name}:{n}"
            if not line:
                continue
            if line.startswith("#@"):
                for pair in line[2:].split():
                    key, _, value = pair.partition("=")
                    ctx[key] = value
                continue
            if line.startswith("#"):
                continue
            head, sep, text = line.partition("|")
            if not sep or not text.strip():
                raise ValueError(f"{where}: a row is 'S E I U F | text'")
            row = {"text": text.strip().replace("\\n", "\n"), **_labels(head.split(), where)}
            for key, allowed in (("channel", CHANNELS), ("domain", DOMAINS), ("style", STYLES)):
                if ctx.get(key) not in allowed:
                    raise ValueError(f"{where}: set a valid {key} in a '#@' line (got {ctx.get(key)!r})")
            row.update(channel=ctx["channel"], domain=ctx["domain"], source_style=ctx["style"])
            rows.append(row)
    return rows


ORDER = (
    "id",
    "text",
    "channel",
    "domain",
    "source_style",
    "sentiment",
    "emotion",
    "intent",
    "urgency",
    "mixed",
    "abusive",
    "churn_risk",
)


def build(name: str, src_dir: Path) -> Path:
    """Write data/corpus/v2/NAME.jsonl; a text written twice is kept once (the first)."""
    rows = parse(src_dir)
    seen: set[str] = set()
    out: list[dict] = []
    for row in rows:
        key = " ".join(row["text"].split())
        if key in seen:
            continue
        seen.add(key)
        row["id"] = f"{name}-{len(out) + 1:05d}"
        out.append({k: row[k] for k in ORDER})
    V2.mkdir(exist_ok=True)
    target = V2 / f"{name}.jsonl"
    with target.open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{target}: {len(out)} rows ({len(rows) - len(out)} duplicates dropped)")
    return target


def _rows(name: str) -> list[dict]:
    lines = (V2 / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def sample(name: str) -> list[dict]:
    """A fixed 10% of a part, chosen by a hash of each id, so anyone drawing it gets the same rows."""
    rows = _rows(name)
    return [r for r in rows if int(hashlib.sha256(f"relabel:{r['id']}".encode()).hexdigest(), 16) % 10 == 0]


def agree(name: str, relabel: Path, before_pass: bool = False) -> dict[str, float]:
    """Share of the blind second labels that equal the first, per task.

    ``before_pass``: compare emotion with the label the row had before the calm-opinion emotion pass (the
    first blind relabelling was made under the earlier convention), read back from the pass log.
    """
    first = {r["id"]: r for r in _rows(name)}
    if before_pass:
        _, changes = _pass_log(name)
        first = {i: {**r, "emotion": changes[i][0]} if i in changes else r for i, r in first.items()}
    hits: Counter[str] = Counter()
    n = 0
    for k, raw in enumerate(relabel.read_text(encoding="utf-8").splitlines(), 1):
        parts = raw.split()
        if not parts or parts[0].startswith("#"):
            continue
        second = _labels(parts[1:6], f"{relabel.name}:{k}")
        row = first[parts[0]]
        n += 1
        for task, value in second.items():
            hits[task] += row[task] == value
    return {"rows": n, **{t: round(hits[t] / n, 3) for t in hits}} if n else {"rows": 0}


def stats(names: list[str]) -> None:
    rows = [r for n in (names or [p.stem for p in sorted(V2.glob("*.jsonl"))]) for r in _rows(n)]
    print(f"rows {len(rows)}")
    for key in ("source_style", "domain", "channel", "sentiment", "emotion", "intent", "urgency"):
        print(key, dict(Counter(r[key] for r in rows).most_common()))
    for key in ("mixed", "abusive", "churn_risk"):
        print(key, sum(r[key] for r in rows))


TASKS = ("sentiment", "emotion", "intent", "urgency", "mixed", "abusive", "churn_risk")


def summary() -> None:
    """Markdown tables of the v2 parts and of the blind relabelling agreement (README.md is made from it).

    The first blind relabelling predates the emotion pass, so its emotion column is scored against the
    emotion labels as they were then (``emotion-pass`` scores the pass's own blind files).
    """
    names = [p.stem for p in sorted(V2.glob("*.jsonl"))]
    rows = {n: _rows(n) for n in names}
    every = [r for n in names for r in rows[n]]
    print("| part | rows | styles |\n|---|---|---|")
    for n in names:
        styles = Counter(r["source_style"] for r in rows[n]).most_common()
        print(f"| {n} | {len(rows[n]):,} | " + ", ".join(f"{k} {v:,}" for k, v in styles) + " |")
    print(f"| all | {len(every):,} | |\n")
    for key in ("source_style", "domain", "channel", "sentiment", "emotion", "intent", "urgency"):
        counts = Counter(r[key] for r in every).most_common()
        print(f"- {key}: " + ", ".join(f"{k} {v:,}" for k, v in counts))
    flags = ("mixed", "abusive", "churn_risk")
    print("- flags: " + ", ".join(f"{k} {sum(r[k] for r in every):,}" for k in flags))
    print("\n| part relabelled | rows | " + " | ".join(TASKS) + " |")
    print("|---|---|" + "---|" * len(TASKS))
    total: Counter[str] = Counter()
    n_all = 0
    for path in sorted((V2 / "relabel").glob("*.txt")):
        if path.stem not in rows:
            continue
        a = agree(path.stem, path, before_pass=True)
        if not a["rows"]:
            continue
        n_all += a["rows"]
        for t in TASKS:
            total[t] += a[t] * a["rows"]
        print(f"| {path.stem} | {a['rows']} | " + " | ".join(f"{a[t]:.2f}" for t in TASKS) + " |")
    if n_all:
        print(f"| all | {n_all} | " + " | ".join(f"{total[t] / n_all:.2f}" for t in TASKS) + " |")


def _pass_log(name: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """The header (rows read) and the changes ``id -> (old, new)`` of one part's emotion-pass log."""
    path = V2 / "relabel" / f"emotion-pass-{name}.tsv"
    if not path.exists():
        return "", {}
    head, changes = "", {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#"):
            head = head or raw.lstrip("# ").removeprefix("rows read:").strip()
            continue
        parts = raw.split("\t")
        if len(parts) >= 3:
            changes[parts[0]] = (parts[1], parts[2])
    return head, changes


def _kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two labellings."""
    n = len(pairs)
    if not n:
        return 0.0
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def emotion_pass() -> None:
    """Counts of the calm-opinion emotion pass per part, and the blind re-reading's agreement.

    A blind file ``relabel/emotion-blind-<reader>.tsv`` holds ``id<TAB>emotion`` for rows of another
    reader's part, judged by the same rule without seeing the new labels; it is scored against the part's
    labels after the pass (and, for comparison, before it: the pass log's old label where one changed).
    """
    names = [p.stem for p in sorted(V2.glob("*.jsonl"))]
    rows = {n: {r["id"]: r for r in _rows(n)} for n in names}
    before: dict[str, str] = {}
    print("| part | rows read | changed | to neutral | changes (old → new, count) |\n|---|---|---|---|---|")
    for n in names:
        head, changes = _pass_log(n)
        if not head and not changes:
            continue
        moves = Counter(f"{o}→{w}" for o, w in changes.values())
        to_neu = sum(c for k, c in moves.items() if k.endswith("→neutral"))
        text = ", ".join(f"{k} {v}" for k, v in moves.most_common())
        print(f"| {n} | {head} | {len(changes):,} | {to_neu:,} | {text} |")
        before.update({i: o for i, (o, _) in changes.items()})
    print("\n| blind file | part | rows | agree after pass | kappa | agree before pass | kappa |")
    print("|---|---|---|---|---|---|---|")
    pooled: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = []
    for path in sorted((V2 / "relabel").glob("emotion-blind-*.tsv")):
        after: list[tuple[str, str]] = []
        old: list[tuple[str, str]] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.split()
            if len(parts) < 2 or raw.startswith("#"):
                continue
            rid, emo = parts[0], EMO.get(parts[1], parts[1])
            part = rid.split("-")[0]
            if rid not in rows.get(part, {}):
                continue
            now = rows[part][rid]["emotion"]
            after.append((emo, now))
            old.append((emo, before.get(rid, now)))
        if not after:
            continue
        pooled.append((after, old))
        seen = ", ".join(sorted({x.split("-")[0] for x in _ids(path)}))
        print(f"| {path.stem} | {seen} | {len(after)} | " + _agreement(after, old) + " |")
    if len(pooled) > 1:
        after = [x for a, _ in pooled for x in a]
        old = [x for _, o in pooled for x in o]
        print(f"| all | | {len(after)} | " + _agreement(after, old) + " |")


def _ids(path: Path) -> list[str]:
    """The row ids of a relabel file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [x.split()[0] for x in lines if x.strip() and not x.startswith("#")]


def _agreement(after: list[tuple[str, str]], old: list[tuple[str, str]]) -> str:
    """Share identical and kappa after and before the pass, as table cells."""
    a = sum(x == y for x, y in after) / len(after)
    b = sum(x == y for x, y in old) / len(old)
    return f"{a:.2f} | {_kappa(after):.2f} | {b:.2f} | {_kappa(old):.2f}"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, *args = argv
    if cmd == "build":
        build(args[0], Path(args[1]))
    elif cmd == "sample":
        for r in sample(args[0]):
            print(r["id"], "|", r["text"].replace("\n", "\\n"))
    elif cmd == "agree":
        print(json.dumps(agree(args[0], Path(args[1]))))
    elif cmd == "stats":
        stats(args)
    elif cmd == "summary":
        summary()
    elif cmd == "emotion-pass":
        emotion_pass()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
