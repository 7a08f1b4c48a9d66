"""Promises in an agent's reply: «تا فردا ساعت ۱۰ تماس می‌گیرم» → a commitment due tomorrow at 10:00.

Pure Python (no Django, nothing of Hamdel's above `language`). `find_promises(text)` returns one
`PromiseMention` per sentence that commits us to something (first-person «تماس می‌گیرم»، «پیگیری
می‌کنیم»، «خبر می‌دهیم» or a passive «ارسال می‌شود»، «واریز خواهد شد») and names a time, concrete or
vague («به‌زودی»). Questions, negated verbs, quoted text and reported customer words («گفتید…») are not
promises. Spans index the ORIGINAL text: matching runs on `normalize(text)` (ZWNJ read as a space), and every
normalised character is mapped back to the character it came from.

`resolve(when, now_local)` turns a `When` into a naive local datetime where no business calendar is needed;
business offsets («۴۸ ساعت کاری») and the close of business for a day without a clock time are the caller's
(policies count them on the calendar); without a calendar the day ends at `END_OF_DAY` (17:00).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import jdatetime

from hamdel.language.jalali import JALALI_MONTHS
from hamdel.language.normalize import ZWNJ, normalize

END_OF_DAY = dt.time(17, 0)

# Kinds of `When`.
OFFSET = "offset"  # N minutes/hours/days/weeks, calendar or business
WEEKDAY = "weekday"  # «تا پنج‌شنبه»
DAY = "day"  # امروز، فردا، پس‌فردا، آخر هفته، هفته‌ی بعد
JALALI = "jalali"  # «۱۵ فروردین», «1406/01/15»
DATE = "date"  # a Gregorian date «2027-04-04»: an absolute local date
CLOCK = "clock"  # «ساعت ۱۰» alone: today, or tomorrow when the hour has passed
VAGUE = "vague"  # «به‌زودی»، «در اولین فرصت»

DAY_WORDS = ("today", "tomorrow", "day_after", "weekend", "next_week")


@dataclass(frozen=True)
class When:
    """When a promise is due, as said. `hour`/`minute` are set when a clock time was given."""

    kind: str
    amount: int = 0  # OFFSET: how many `unit`s
    unit: str = ""  # OFFSET: minute | hour | day | week
    business: bool = False  # OFFSET: «ساعت کاری» / «روز کاری»
    weekday: int = -1  # WEEKDAY: Python's weekday (Monday 0 … Saturday 5, Sunday 6)
    day: str = ""  # DAY: one of DAY_WORDS
    year: int = 0  # JALALI (0 = the next such day) / DATE
    month: int = 0
    date_day: int = 0
    hour: int | None = None
    minute: int = 0

    @property
    def is_vague(self) -> bool:
        return self.kind == VAGUE

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def needs_calendar(self) -> bool:
        """Business offsets are counted on the business calendar, never here."""
        return self.kind == OFFSET and self.business


@dataclass(frozen=True)
class PromiseMention:
    """A commitment in a text: the sentence (start, end, text) and the time phrase (when_start, when_end)."""

    start: int
    end: int
    text: str
    when: When
    when_start: int
    when_end: int
    when_text: str


# --- numbers ---------------------------------------------------------------------------------------------

_UNITS = {
    "یک": 1,
    "یه": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "شیش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
}
_TEENS = {
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "پونزده": 15,
    "شانزده": 16,
    "شونزده": 16,
    "هفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
}
_TENS = {"بیست": 20, "سی": 30, "چهل": 40}


def _alt(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_NUM_WORD = rf"(?:(?:{_alt(_TENS)})(?: و (?:{_alt(_UNITS)}))?|{_alt(_TEENS)}|{_alt(_UNITS)})"
_NUM = rf"(?:\d{{1,3}}|{_NUM_WORD})"


def number_value(word: str) -> int:
    """«چهل و هشت» → 48, «۴۸»/«48» → 48 (digits are Latin after normalisation)."""
    word = word.strip()
    if word.isdigit():
        return int(word)
    total = 0
    for part in word.split(" و "):
        part = part.strip()
        total += _TENS.get(part) or _TEENS.get(part) or _UNITS.get(part) or 0
    return total


# --- the time phrases (matched on the normalised text with ZWNJ read as a space) ---------------------------

_B = r"(?<![\w])"  # word start
_E = r"(?![\w])"  # word end
_PERIOD = r"(?P<period>صبح|ظهر|بعد ?از ?ظهر|عصر|شب|بامداد)"


def _minutes(n: int) -> str:
    return rf"(?:[:.](?P<mm{n}>\d{{2}})|(?: و (?P<frac{n}>نیم|ربع|(?P<mins{n}>\d{{1,2}}|{_NUM_WORD}) دقیقه)))"


_CLOCK = re.compile(
    rf"{_B}(?:ساعت (?P<h1>{_NUM})(?!\d){_minutes(1)}?(?: {_PERIOD})?"
    rf"|(?P<h2>{_NUM})(?!\d){_minutes(2)}? (?P<period2>صبح|ظهر|بعد ?از ?ظهر|عصر|شب|بامداد)"
    rf"|(?P<noon>(?:قبل از |پیش از )?ظهر|عصر)){_E}"
)
_OFFSET = re.compile(
    rf"{_B}(?P<lead>(?:ظرف|طی|در عرض|حداکثر|نهایتا|کمتر از|تا|در|بعد از|پس از)(?: (?:مدت|حداکثر|تا))? )?"
    rf"(?P<n>{_NUM}|نیم)(?P<half> و نیم)? (?P<unit>دقیقه|ساعت|روز|هفته)(?P<half2> و نیم)?(?P<biz> کاری)?"
    rf"(?P<tail> (?:آینده|دیگر|دیگه|بعد))?{_E}"
)
_DAY = re.compile(
    rf"{_B}(?:(?P<today>امروز|امشب|پایان روز|آخر وقت|آخر روز)|(?P<day_after>پس ?فردا)|(?P<tomorrow>فردا)"
    rf"|(?P<weekend>آخر(?: ی)? هفته|پایان(?: ی)? هفته)|(?P<next_week>هفته(?: ی)? (?:بعد|آینده|دیگر|دیگه)))"
    rf"{_E}"
)
_WEEKDAY = re.compile(rf"{_B}(?P<wd>(?:یک|دو|سه|چهار|پنج) ?شنبه|شنبه|جمعه){_E}")
_JALALI_NAMED = re.compile(
    rf"{_B}(?P<d>\d{{1,2}}|{_NUM_WORD})(?: ?ام| ?م)? (?P<m>{'|'.join(JALALI_MONTHS)})"
    rf"(?: ماه)?(?: (?P<y>\d{{4}}))?{_E}"
)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?![\d/])")
_VAGUE = re.compile(
    rf"{_B}(?:به ?زودی|بزودی|(?:در )?(?:اولین|نخستین) فرصت(?: ممکن)?|هر ?چه (?:سریع ?تر|زودتر)|"
    rf"(?:در )?اسرع وقت|بعدا|سریعا|(?:در )?آینده(?: ی)? نزدیک|به محض امکان|یه وقتی|به وقتش){_E}"
)

# --- is the sentence a commitment by us? --------------------------------------------------------------------

_ACTIONS = (
    "ارسال|واریز|بررسی|پیگیری|انجام|تحویل|پرداخت|برگشت|بازگشت|عودت|استرداد|تعویض|جایگزین|اصلاح|برطرف|حل|"
    "رسیدگی|تماس|پاسخ|جواب|فعال|ثبت|تایید|تأیید|آماده|درست|تمدید|لغو|جبران|اعلام|اطلاع|پست|تسویه|بازپرداخت|"
    "ایمیل|پیامک|فرستاده"
)
# First person, present-future «می‌گیرم، می‌کنیم» (not «نمی‌…»), and the stems that are no promise.
_FIRST_PERSON = re.compile(r"(?<![\w])می ?(?P<stem>\w+?)(?:یم|م)(?![\w])")
_NOT_PROMISE_STEMS = {"دان", "خواه", "فهم", "ترس", "بین", "توان", "تون", "شو", "کن"}
_KON_PROMISE = re.compile(rf"(?:{_ACTIONS}|خبر|خبرتان|خبرتون|کاری|حتما|پیگیریش) (?:را |رو )?می ?کنی?م")
_FUTURE = re.compile(r"(?<![\w])خواهی?م(?![\w])")
_PASSIVE = re.compile(
    rf"(?<![\w])(?:{_ACTIONS})(?: \w+)?(?: \w+)? (?:می ?شود|می ?شه|میشه|می ?شوند|خواهد شد|خواهند شد|می ?رسد|"
    r"می ?رسه|می ?رسند)(?![\w])"
)
_ARRIVES = re.compile(
    r"(?<![\w])(?:می ?رسد|می ?رسه|خواهد رسید|بر ?می ?گردد|بر ?می ?گرده|برخواهد گشت|باز ?می ?گردد)(?![\w])"
)
# Someone of ours acts, in the third person: «کارشناس ما تماس می‌گیرد»، «همکارم تماس خواهد گرفت».
_THIRD_PERSON = re.compile(
    rf"(?<![\w])(?:{_ACTIONS}|خبر)(?: \w+)? (?:می ?(?:گیرد|گیرند|کند|کنند|دهد|دهند|زند|زنند)|خواهد|خواهند)"
    r"(?![\w])"
)
# Hedged: «نمی‌دانم…»، «شاید…»، «…یا نه» commit us to nothing.
_HEDGED = re.compile(r"(?<![\w])(?:نمی ?دانم|نمی ?دونم|مطمئن نیستم|شاید|احتمالا|یا نه)(?![\w])")
# Clauses inside a sentence: the time that counts is the one in the clause that commits.
_CLAUSE = re.compile(r"[،,]| (?=(?:ولی|اما|ولیکن|منتها) )")
_QUESTION = re.compile(
    r"(?<![\w])(?:آیا|چه زمانی|چه موقع|چه ساعتی|چه روزی|کی می|چرا|چطور|چگونه|ممکن است بفرمایید)(?![\w])"
)
_REPORTED = re.compile(r"(?<![\w])(?:گفتید|گفته بودید|نوشتید|فرمودید|گفتین|نوشتین|می گویید|می گید)(?![\w])")
_SENTENCE_END = re.compile(r"[.!?؟\n;؛]+")
_QUOTES = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|^>.*$", re.MULTILINE)


def _commits(sentence: str) -> bool:
    if _HEDGED.search(sentence):
        return False
    if _FUTURE.search(sentence) or _PASSIVE.search(sentence) or _ARRIVES.search(sentence):
        return True
    if _THIRD_PERSON.search(sentence):
        return True
    if _KON_PROMISE.search(sentence):
        return True
    return any(m.group("stem") not in _NOT_PROMISE_STEMS for m in _FIRST_PERSON.finditer(sentence))


# --- normalised ↔ original offsets ------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _fold_char(ch: str) -> str:
    return normalize(ch) if not ch.isspace() else " "


def _key_and_map(text: str) -> tuple[str, list[int]]:
    """The matching key (normalised, ZWNJ as a space) and, per key character, its index in `text`."""
    norm = normalize(text)
    if norm == text:  # already clean (most replies typed in a Persian keyboard): one to one
        return norm.replace(ZWNJ, " "), list(range(len(text)))
    positions: list[int] = []
    append = positions.append
    i, n, last = 0, len(text), max(len(text) - 1, 0)
    spaces = {" ", "\n", ZWNJ}
    for ch in norm:
        if ch in spaces:
            append(i if i < n else last)
            if i < n and (text[i].isspace() or text[i] == ZWNJ):
                i += 1
                while i < n and (text[i].isspace() or text[i] == ZWNJ):
                    i += 1
            # else: a separator the fold inserted (around an emoji), with no character of its own
            continue
        while i < n and text[i] != ch and _fold_char(text[i]) != ch:
            i += 1
        append(i if i < n else last)
        i += 1
    key = norm.replace(ZWNJ, " ")
    return key, positions


def _span(positions: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    """A key span [start, end) → the span in the original text (end just after the last character)."""
    if end <= start:
        return positions[start] if start < len(positions) else len(text), positions[start] if start < len(
            positions
        ) else len(text)
    o_start = positions[start]
    o_end = positions[end - 1] + 1
    # Include trailing characters the fold dropped (diacritics of the last letter, e.g. «بعداً»).
    while o_end < len(text) and _fold_char(text[o_end]) == "" and not text[o_end].isspace():
        o_end += 1
    return o_start, o_end


# --- reading the time phrase -----------------------------------------------------------------------------


def _clock(m: re.Match[str]) -> tuple[int, int]:
    if m.group("noon"):
        return (17, 0) if m.group("noon") == "عصر" else (12, 0)
    hour = number_value(m.group("h1") or m.group("h2"))
    n = 1 if m.group("h1") else 2
    minute, frac, mins = 0, m.group(f"frac{n}"), m.group(f"mins{n}")
    if m.group(f"mm{n}"):
        minute = int(m.group(f"mm{n}"))
    elif frac == "نیم":
        minute = 30
    elif frac == "ربع":
        minute = 15
    elif mins:
        minute = number_value(mins)
    period = (m.group("period") or m.group("period2") or "").replace(" ", "")
    afternoon = period in ("بعدازظهر", "عصر", "شب") and hour < 12
    noon = period == "ظهر" and hour < 5
    office = not period and 1 <= hour <= 6  # «ساعت ۲» in office talk is two in the afternoon
    if afternoon or noon or office:
        hour += 12
    return hour % 24, min(minute, 59)


_WEEKDAYS = {"شنبه": 5, "یکشنبه": 6, "دوشنبه": 0, "سهشنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "جمعه": 4}


def _read(sentence: str) -> tuple[When, int, int] | None:
    """The `When` of one sentence (key text) and its span in the sentence, or None when it names no time."""
    found: list[tuple[str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []

    def grab(kind: str, pattern: re.Pattern[str]) -> None:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            found.append((kind, m))
            taken.append((m.start(), m.end()))

    grab(DATE, _NUMERIC_DATE)
    grab(JALALI, _JALALI_NAMED)
    grab(OFFSET, _OFFSET)
    grab(CLOCK, _CLOCK)
    grab(DAY, _DAY)
    grab(WEEKDAY, _WEEKDAY)
    grab(VAGUE, _VAGUE)
    if not found:
        return None
    by_kind: dict[str, re.Match[str]] = {}
    for kind, m in found:
        by_kind.setdefault(kind, m)
    clock = by_kind.get(CLOCK)
    hour, minute = _clock(clock) if clock else (None, 0)
    parts: list[re.Match[str]] = [clock] if clock else []
    when: When | None = None
    if DATE in by_kind or JALALI in by_kind:
        m = by_kind[DATE] if DATE in by_kind else by_kind[JALALI]
        if DATE in by_kind:
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            kind = JALALI if y < 1700 else DATE
        else:
            y = int(m.group("y")) if m.group("y") else 0
            mo, d, kind = JALALI_MONTHS.index(m.group("m")) + 1, number_value(m.group("d")), JALALI
        if 1 <= mo <= 12 and 1 <= d <= 31:
            when = When(kind, year=y, month=mo, date_day=d, hour=hour, minute=minute)
            parts.append(m)
    if when is None and DAY in by_kind:
        m = by_kind[DAY]
        day = next(k for k in DAY_WORDS if m.group(k))
        if m.group("today") == "امشب" and hour is None:
            hour, minute = 21, 0
        when = When(DAY, day=day, hour=hour, minute=minute)
        parts.append(m)
    if when is None and WEEKDAY in by_kind:
        m = by_kind[WEEKDAY]
        when = When(WEEKDAY, weekday=_WEEKDAYS[m.group("wd").replace(" ", "")], hour=hour, minute=minute)
        parts.append(m)
    if when is None and OFFSET in by_kind:
        m = by_kind[OFFSET]
        if m.group("lead") or m.group("tail") or m.group("biz"):
            n = 0 if m.group("n") == "نیم" else number_value(m.group("n"))
            unit = {"دقیقه": "minute", "ساعت": "hour", "روز": "day", "هفته": "week"}[m.group("unit")]
            if m.group("n") == "نیم" or m.group("half") or m.group("half2"):
                if unit == "hour":
                    n, unit = n * 60 + 30, "minute"
                elif unit == "day":
                    n, unit = n * 24 + 12, "hour"
            when = When(OFFSET, amount=n, unit=unit, business=bool(m.group("biz")))
            parts = [m]
    if when is None and clock is not None:
        when = When(CLOCK, hour=hour, minute=minute)
    if when is None and VAGUE in by_kind:
        when = When(VAGUE)
        parts = [by_kind[VAGUE]]
    if when is None:
        return None
    return when, min(p.start() for p in parts), max(p.end() for p in parts)


def _read_committed(sentence: str) -> tuple[When, int, int] | None:
    """The time of the first clause that both commits and names one; else the sentence's own time."""
    start = 0
    for cut in [*_CLAUSE.finditer(sentence), None]:
        end = cut.start() if cut else len(sentence)
        clause = sentence[start:end]
        if _commits(clause):
            read = _read(clause)
            if read is not None:
                when, w_start, w_end = read
                return when, start + w_start, start + w_end
        start = cut.end() if cut else len(sentence)
    return _read(sentence)


def read_when(phrase: str) -> When | None:
    """The time a short phrase names («فردا ساعت ۱۰»، «۱۴۰۵/۰۹/۲۰»، «۳ روز کاری»), with no verb needed."""
    key, _positions = _key_and_map(phrase)
    read = _read(key) if key else None
    return read[0] if read else None


def find_promises(text: str) -> list[PromiseMention]:
    """Every sentence of `text` in which we commit to something with a time, concrete or vague."""
    if not text or not text.strip():
        return []
    key, positions = _key_and_map(text)
    # Quoted text is somebody else's words: blank it out (same length, so offsets hold).
    masked = _QUOTES.sub(lambda m: " " * len(m.group(0)), key)
    mentions = []
    start = 0
    for end_match in [*_SENTENCE_END.finditer(masked), None]:
        end = end_match.start() if end_match else len(masked)
        terminator = end_match.group(0) if end_match else ""
        sentence = masked[start:end]
        s_offset = start
        start = end_match.end() if end_match else len(masked)
        if not sentence.strip() or "?" in terminator or "؟" in terminator:
            continue
        if _QUESTION.search(sentence) or _REPORTED.search(sentence) or not _commits(sentence):
            continue
        read = _read_committed(sentence)
        if read is None:
            continue
        when, w_start, w_end = read
        lead = len(sentence) - len(sentence.lstrip())
        trail = len(sentence.rstrip())
        o_start, o_end = _span(positions, text, s_offset + lead, s_offset + trail)
        if end_match and end_match.group(0)[0] in ".!;؛":  # the sentence keeps its full stop
            o_end = max(o_end, _span(positions, text, end_match.start(), end_match.start() + 1)[1])
        ow_start, ow_end = _span(positions, text, s_offset + w_start, s_offset + w_end)
        mentions.append(
            PromiseMention(o_start, o_end, text[o_start:o_end], when, ow_start, ow_end, text[ow_start:ow_end])
        )
    return mentions


# --- resolving -----------------------------------------------------------------------------------------


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Jalali one (jdatetime, the library core.persian already uses)."""
    return jdatetime.date(year, month, day).togregorian()


def gregorian_to_jalali_year(value: dt.date) -> int:
    """The Jalali year a Gregorian date falls in (Nowruz is 20 or 21 March)."""
    year = value.year - 621
    return year if value >= jalali_to_gregorian(year, 1, 1) else year - 1


def due_date(when: When, now_local: dt.datetime) -> dt.date | None:
    """The local day a date-like `When` names (None for offsets, clock-only and vague ones)."""
    today = now_local.date()
    if when.kind == DAY:
        if when.day == "today":
            return today
        if when.day == "tomorrow":
            return today + dt.timedelta(days=1)
        if when.day == "day_after":
            return today + dt.timedelta(days=2)
        # The Iranian week runs Saturday to Friday; its last working day is Thursday.
        to_thursday = (3 - today.weekday()) % 7
        if when.day == "weekend":
            return today + dt.timedelta(days=to_thursday)
        return today + dt.timedelta(days=to_thursday + 7)  # next_week: its Thursday
    if when.kind == WEEKDAY:
        ahead = (when.weekday - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    if when.kind == DATE:
        try:
            return dt.date(when.year, when.month, when.date_day)
        except ValueError:
            return None
    if when.kind == JALALI:
        try:
            if when.year:
                return jalali_to_gregorian(when.year, when.month, when.date_day)
            year = gregorian_to_jalali_year(today)
            day = jalali_to_gregorian(year, when.month, when.date_day)
            return day if day >= today else jalali_to_gregorian(year + 1, when.month, when.date_day)
        except (ValueError, IndexError):
            return None
    return None


def resolve(when: When, now_local: dt.datetime, *, end_of_day: dt.time = END_OF_DAY) -> dt.datetime | None:
    """The due moment as a naive local datetime, or None (vague, or a business offset: ask the calendar).

    A day without a clock time ends at `end_of_day`; a clock time alone is today, or tomorrow once passed.
    """
    now = now_local.replace(tzinfo=None, second=0, microsecond=0)
    if when.kind == VAGUE or when.needs_calendar:
        return None
    if when.kind == OFFSET:
        if when.unit in ("minute", "hour"):
            return now + dt.timedelta(minutes=when.amount * (60 if when.unit == "hour" else 1))
        days = when.amount * (7 if when.unit == "week" else 1)
        return dt.datetime.combine(now.date() + dt.timedelta(days=days), end_of_day)
    at = dt.time(when.hour, when.minute) if when.hour is not None else end_of_day
    if when.kind == CLOCK:
        due = dt.datetime.combine(now.date(), at)
        return due if due > now else due + dt.timedelta(days=1)
    day = due_date(when, now_local)
    return dt.datetime.combine(day, at) if day else None
