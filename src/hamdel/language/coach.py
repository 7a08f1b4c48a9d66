"""The reply coach's reading of one agent draft: which habits of good service it misses, and where.

Pure Python (no Django): the coach app derives the context from the conversation and calls `review`.
This first version is a keyword baseline that fixes the interface; the measured coach replaces its body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hamdel.language.normalize import normalize

CODES = (
    "missing_greeting",
    "missing_introduction",
    "missing_empathy",
    "blaming",
    "arguing",
    "vague_promise",
    "no_remedy",
    "bare_no",
    "robotic",
)
FAULTS = ("ours", "customer", "none", "unknown")
MOODS = ("angry", "upset", "worried", "neutral", "happy")


@dataclass(frozen=True)
class CoachContext:
    """What the coach knows about the conversation; the API's explicit fields override derived ones."""

    customer_message: str = ""
    first_reply: bool = True
    fault: str = "unknown"  # one of FAULTS
    request_possible: bool | None = None  # None = not known
    customer_mood: str = "neutral"  # one of MOODS


@dataclass(frozen=True)
class CoachFinding:
    """One habit the draft misses: a stable code, a Persian explanation, the span and a better wording."""

    code: str
    message: str
    start: int  # character offsets in the draft as given; 0/0 when the finding is about something missing
    end: int
    suggestion: str


@dataclass(frozen=True)
class CoachResult:
    score: int  # 0–100, 100 = nothing to improve
    findings: tuple[CoachFinding, ...]


MESSAGES = {
    "missing_greeting": "پاسخ با سلام یا خوشامد شروع نشده است.",
    "missing_introduction": "خودتان را معرفی نکرده‌اید (نام و واحد).",
    "missing_empathy": "مشتری ناراحت است؛ احساسش را به زبان بیاورید و عذرخواهی کنید.",
    "blaming": "مشتری را مقصر جلوه داده‌اید.",
    "arguing": "با مشتری بحث کرده‌اید؛ به جای رد حرفش، مشکل را حل کنید.",
    "vague_promise": "قول مبهم است؛ زمان مشخصی بدهید.",
    "no_remedy": "اشتباه از ما بوده؛ جبرانی پیشنهاد کنید.",
    "bare_no": "پاسخ منفی بدون راه جایگزین است.",
    "robotic": "پاسخ خشک و کلیشه‌ای است؛ به خود پیام مشتری بپردازید.",
}
SUGGESTIONS = {
    "missing_greeting": "سلام، وقتتان بخیر.",
    "missing_introduction": "من [نام] از پشتیبانی هستم.",
    "missing_empathy": "کاملاً حق دارید ناراحت باشید؛ بابت این وضعیت عذرخواهی می‌کنم.",
    "blaming": "بیایید با هم درستش کنیم:",
    "arguing": "متوجه نگرانی‌تان هستم؛ بررسی می‌کنم.",
    "vague_promise": "تا ساعت ۱۶ امروز نتیجه را خبر می‌دهم.",
    "no_remedy": "برای جبران، هزینه‌ی ارسال را برمی‌گردانیم.",
    "bare_no": "این کار ممکن نیست، اما می‌توانیم به جای آن …",
    "robotic": "",
}
_PATTERNS = {
    "missing_greeting": re.compile(r"سلام|درود|وقت\S* بخیر|روز\S* بخیر|عصر\S* بخیر|صبح\S* بخیر"),
    "missing_introduction": re.compile(r"\bمن \S+ (?:هستم|از)|اینجانب"),
    "missing_empathy": re.compile(r"متاسف|متأسف|عذر|ببخشید|پوزش|درک می|حق دارید|ناراحت"),
    "vague_promise": re.compile(r"به زودی|بزودی|در اسرع وقت|هر چه زودتر|پیگیری می‌کنیم"),
    "blaming": re.compile(r"اشتباه (?:از )?شما|شما (?:باید|نباید)|تقصیر شما"),
}


def review(draft: str, ctx: CoachContext) -> CoachResult:
    """The findings on one draft, best first; never raises on odd input (empty, huge, emoji, Finglish)."""
    text = normalize(draft[:20000])
    findings: list[CoachFinding] = []

    def missing(code: str) -> None:
        findings.append(CoachFinding(code, MESSAGES[code], 0, 0, SUGGESTIONS[code]))

    if not text.strip():
        return CoachResult(score=0, findings=())
    if ctx.first_reply and not _PATTERNS["missing_greeting"].search(text):
        missing("missing_greeting")
    if ctx.first_reply and not _PATTERNS["missing_introduction"].search(text):
        missing("missing_introduction")
    if ctx.customer_mood in ("angry", "upset", "worried") and not _PATTERNS["missing_empathy"].search(text):
        missing("missing_empathy")
    for code in ("vague_promise", "blaming"):
        m = _PATTERNS[code].search(draft)
        if m:
            findings.append(CoachFinding(code, MESSAGES[code], m.start(), m.end(), SUGGESTIONS[code]))
    score = max(0, 100 - 15 * len(findings))
    return CoachResult(score=score, findings=tuple(findings))
