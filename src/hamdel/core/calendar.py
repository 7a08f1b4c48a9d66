"""Business time: the one calendar every app counts working minutes and working days with.

`BusinessCalendar` is pure (no database access in its methods): a time zone, the open spans of each weekday
(wall-clock, local to the zone) and the per-date overrides (holidays close a day or shorten it, exceptions
give it other hours). `calendar_get()` builds one from the stored `core.Calendar` rows and caches it per
process; the cache is checked against the stored rows on every call, so another process's change is seen.

    cal = calendar_get()                 # the default calendar (Asia/Tehran, Sat–Wed 9–17, Thu 9–13)
    cal.add(start, 120)                  # the moment 120 business minutes after start, in cal.tz
    cal.minutes_between(start, end)      # business minutes in [start, end)
    cal.add_working_days(day, 7)         # the 7th working day after `day`

Business minutes are elapsed minutes inside open spans: on a day a DST change falls into an open span, the
span is an hour shorter or longer, as the clock on the wall says. Spans are minutes since local midnight,
`(540, 1020)` is 09:00–17:00 and an end of 1440 is 24:00; `BusinessCalendar.build()` takes "HH:MM" strings.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.persian import latin_digits

if TYPE_CHECKING:
    from hamdel.core.models import Calendar

__all__ = [
    "DAY_KEYS",
    "DEFAULT_TIMEZONE",
    "DEFAULT_WEEKLY",
    "BusinessCalendar",
    "CalendarError",
    "Span",
    "calendar_get",
    "calendar_invalidate",
    "format_spans",
    "library_holidays",
    "parse_spans",
    "parse_timezone",
    "parse_weekly",
]

Span = tuple[int, int]  # minutes since local midnight, start < end <= 1440

# The JSON keys of the week, in the order a Persian week is shown; value = Python weekday (Mon=0…Sun=6).
DAY_KEYS: dict[str, int] = {"sat": 5, "sun": 6, "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
DEFAULT_TIMEZONE = "Asia/Tehran"
# Saturday–Wednesday 09:00–17:00, Thursday 09:00–13:00, Friday closed (the JSON shape the API takes).
DEFAULT_WEEKLY: Mapping[str, list[list[str]]] = {
    "sat": [["09:00", "17:00"]],
    "sun": [["09:00", "17:00"]],
    "mon": [["09:00", "17:00"]],
    "tue": [["09:00", "17:00"]],
    "wed": [["09:00", "17:00"]],
    "thu": [["09:00", "13:00"]],
    "fri": [],
}
# No arithmetic walks further than this many days: a calendar closed for 30 years is an error, not a hang.
MAX_DAYS = 366 * 30
_UTC = dt.UTC
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
ESTIMATED_SUFFIX = "(تخمینی)"


class CalendarError(ApplicationError):
    """Bad calendar data: reversed or overlapping spans, an unknown zone, a week without open hours…"""


# --- parsing the JSON shapes (shared by the models, the API and the forms) ---------------------------------


def _parse_time(value: Any, *, field_name: str) -> int:
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    match = _TIME_RE.match(latin_digits(str(value)))
    if not match:
        raise CalendarError(
            _("«%(value)s» is not a time like 09:00.") % {"value": value},
            {field_name: "bad_time"},
            code="bad_time",
        )
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise CalendarError(
            _("«%(value)s» is not a time of day (00:00 to 24:00).") % {"value": value},
            {field_name: "bad_time"},
            code="bad_time",
        )
    return hours * 60 + minutes


def parse_spans(value: Any, *, field_name: str = "spans") -> tuple[Span, ...]:
    """[["09:00","12:00"], ["13:00","17:00"]] → ((540, 720), (780, 1020)).

    Refuses reversed and overlapping spans and times that are not HH:MM (Persian digits are fine).
    """
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise CalendarError(
            _("Opening hours are a list of [start, end] pairs."), {field_name: "not_a_list"}, code="bad_spans"
        )
    spans: list[Span] = []
    for item in value:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise CalendarError(
                _('Each span of opening hours is a pair [start, end], like ["09:00", "17:00"].'),
                {field_name: "bad_span"},
                code="bad_spans",
            )
        start, end = (_parse_time(s, field_name=field_name) for s in item)
        if not 0 <= start < end <= 1440:
            raise CalendarError(
                _("The span %(span)s ends before it starts.") % {"span": _span_text((start, end))},
                {field_name: "reversed_span"},
                code="reversed_span",
            )
        spans.append((start, end))
    spans.sort()
    for before, after in itertools.pairwise(spans):
        if after[0] < before[1]:
            raise CalendarError(
                _("The spans %(a)s and %(b)s overlap.") % {"a": _span_text(before), "b": _span_text(after)},
                {field_name: "overlapping_spans"},
                code="overlapping_spans",
            )
    return tuple(spans)


def parse_weekly(value: Any, *, field_name: str = "weekly") -> tuple[tuple[Span, ...], ...]:
    """{"sat": [["09:00","17:00"]], …, "fri": []} → seven span tuples indexed by Python weekday.

    A day left out of the mapping is closed; an unknown key is refused.
    """
    if not isinstance(value, Mapping):
        raise CalendarError(
            _("Weekly hours are an object with the days sat, sun, mon, tue, wed, thu, fri."),
            {field_name: "not_an_object"},
            code="bad_weekly",
        )
    unknown = sorted(str(k) for k in value if k not in DAY_KEYS)
    if unknown:
        raise CalendarError(
            _("Unknown day in the weekly hours: %(days)s (use sat, sun, mon, tue, wed, thu, fri).")
            % {"days": ", ".join(unknown)},
            {field_name: {k: "unknown_day" for k in unknown}},
            code="bad_weekly",
        )
    week: list[tuple[Span, ...]] = [() for _day in range(7)]
    for key, weekday in DAY_KEYS.items():
        week[weekday] = parse_spans(value.get(key) or [], field_name=f"{field_name}.{key}")
    if not any(week):
        raise CalendarError(
            _("A calendar needs at least one open hour in the week."),
            {field_name: "no_open_hours"},
            code="no_open_hours",
        )
    return tuple(week)


def parse_timezone(value: Any, *, field_name: str = "timezone") -> ZoneInfo:
    name = str(value or "").strip()
    if not name or name not in _zone_names():
        raise CalendarError(
            _("«%(zone)s» is not a time zone (e.g. Asia/Tehran).") % {"zone": name},
            {field_name: "unknown_timezone"},
            code="unknown_timezone",
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed zones load
        raise CalendarError(
            _("«%(zone)s» is not a time zone (e.g. Asia/Tehran).") % {"zone": name},
            {field_name: "unknown_timezone"},
            code="unknown_timezone",
        ) from exc


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def format_spans(spans: Iterable[Span]) -> list[list[str]]:
    """((540, 1020),) → [["09:00", "17:00"]] (the JSON shape)."""
    return [[_hhmm(start), _hhmm(end)] for start, end in spans]


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span_text(span: Span) -> str:
    return f"{_hhmm(span[0])}–{_hhmm(span[1])}"


# --- the public holidays the library knows (pure, cached per country and year) -----------------------------


@lru_cache(maxsize=64)
def library_holidays(country: str, year: int) -> Mapping[dt.date, tuple[str, bool]]:
    """{date: (Persian name, estimated)} for one Gregorian year; estimated = every name on it is an estimate.

    The `holidays` package marks Islamic (lunar) dates it computes rather than knows with « (تخمینی)».
    """
    import holidays

    found = holidays.country_holidays(country, years=year, language="fa_IR")
    result: dict[dt.date, tuple[str, bool]] = {}
    for day, raw in sorted(found.items()):
        names: list[str] = []
        estimates: list[bool] = []
        for part in re.split(r";\s*", str(raw)):
            part = part.strip()
            estimated = part.endswith(ESTIMATED_SUFFIX)
            if estimated:
                part = part[: -len(ESTIMATED_SUFFIX)].strip()
            if part and part not in names:
                names.append(part)
                estimates.append(estimated)
        result[day] = ("؛ ".join(names), bool(estimates) and all(estimates))
    return result


# --- the calendar -------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # identity equality and hash: usable as a cache key
class BusinessCalendar:
    """Working hours in one time zone; every method is pure arithmetic (no database)."""

    tz: ZoneInfo
    weekly: tuple[tuple[Span, ...], ...]  # seven entries, Python weekday Mon=0…Sun=6
    overrides: Mapping[dt.date, tuple[Span, ...]] = field(default_factory=dict)  # holidays () and exceptions
    # Country whose library holidays close a day in the years not stored (not seeded) in `overrides`.
    country: str | None = None
    seeded_years: frozenset[int] = frozenset()
    pk: int | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.tz, ZoneInfo):
            raise CalendarError(
                _("A calendar's time zone must be a ZoneInfo."), {"timezone": "bad"}, code="bad_timezone"
            )
        if len(self.weekly) != 7:
            raise CalendarError(
                _("Weekly hours need all seven days."), {"weekly": "seven_days"}, code="bad_weekly"
            )
        for weekday, spans in enumerate(self.weekly):
            _check_spans(spans, f"weekly.{_key_of(weekday)}")
        if not any(self.weekly):
            raise CalendarError(
                _("A calendar needs at least one open hour in the week."),
                {"weekly": "no_open_hours"},
                code="no_open_hours",
            )
        for day, spans in self.overrides.items():
            _check_spans(spans, f"days.{day.isoformat()}")

    @classmethod
    def build(
        cls,
        *,
        tz: str | ZoneInfo = DEFAULT_TIMEZONE,
        weekly: Mapping[str, Any] = DEFAULT_WEEKLY,
        overrides: Mapping[dt.date, Any] | None = None,
        country: str | None = None,
        seeded_years: Iterable[int] = (),
        pk: int | None = None,
        name: str = "",
    ) -> BusinessCalendar:
        """A calendar from the JSON shapes.

        build(weekly={"sat": [["09:00", "17:00"]]}, overrides={date(2027, 3, 25): []}, country="IR")
        """
        zone = tz if isinstance(tz, ZoneInfo) else parse_timezone(tz)
        days = {
            day: parse_spans(spans, field_name=f"days.{day.isoformat()}")
            for day, spans in (overrides or {}).items()
        }
        return cls(
            tz=zone,
            weekly=parse_weekly(weekly),
            overrides=days,
            country=country,
            seeded_years=frozenset(seeded_years),
            pk=pk,
            name=name,
        )

    # --- days ---

    def spans_on(self, day: dt.date) -> tuple[Span, ...]:
        """The open spans of one local date, after holidays and exceptions."""
        if day in self.overrides:
            return self.overrides[day]
        if (
            self.country
            and day.year not in self.seeded_years
            and day in library_holidays(self.country, day.year)
        ):
            return ()
        return self.weekly[day.weekday()]

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.spans_on(day))

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n=0: `day` itself; a negative n counts backwards)."""
        step = 1 if n >= 0 else -1
        left = abs(n)
        current = day
        for _i in range(MAX_DAYS):
            if left == 0:
                return current
            current += dt.timedelta(days=step)
            if self.is_working_day(current):
                left -= 1
        raise self._too_far()

    # --- moments ---

    def _intervals(self, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Open intervals (UTC, ascending) that end after `start`, day by day, at most MAX_DAYS days."""
        start_utc = _aware(start).astimezone(_UTC)
        day = start_utc.astimezone(self.tz).date() - dt.timedelta(days=1)
        for _i in range(MAX_DAYS):
            for first, last in self.spans_on(day):
                opens = self._instant(day, first)
                closes = self._instant(day, last)
                if closes > start_utc and closes > opens:
                    yield max(opens, start_utc), closes
            day += dt.timedelta(days=1)
        raise self._too_far()

    def _instant(self, day: dt.date, minutes: int) -> dt.datetime:
        if minutes >= 1440:
            day, minutes = day + dt.timedelta(days=1), minutes - 1440
        local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.tz)
        return local.astimezone(_UTC)

    def add(self, start: dt.datetime, minutes: float) -> dt.datetime:
        """The moment `minutes` business minutes after `start` (from the next opening when closed), in tz.

        Landing exactly on a closing time gives that closing time (Wed 16:00 + 60 = Wed 17:00).
        """
        if minutes < 0:
            raise CalendarError(
                _("Business minutes cannot be negative."), {"minutes": "negative"}, code="negative_minutes"
            )
        left = dt.timedelta(minutes=minutes)
        for opens, closes in self._intervals(start):
            if left <= closes - opens:
                return (opens + left).astimezone(self.tz)
            left -= closes - opens
        raise self._too_far()  # pragma: no cover - _intervals raises first

    def seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Business seconds in [start, end); 0 when end <= start."""
        end_utc = _aware(end).astimezone(_UTC)
        if end_utc <= _aware(start).astimezone(_UTC):
            return 0.0
        total = dt.timedelta()
        for opens, closes in self._intervals(start):
            if opens >= end_utc:
                break
            total += min(closes, end_utc) - opens
        return total.total_seconds()

    def minutes_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Whole business minutes in [start, end); 0 when end <= start."""
        return int(self.seconds_between(start, end) // 60)

    def is_open(self, at: dt.datetime) -> bool:
        at_utc = _aware(at).astimezone(_UTC)
        for opens, _closes in self._intervals(at_utc):
            return opens <= at_utc
        return False  # pragma: no cover

    def next_open(self, at: dt.datetime) -> dt.datetime:
        """`at` itself (in tz) when open, else the next opening."""
        for opens, _closes in self._intervals(at):
            return opens.astimezone(self.tz)
        raise self._too_far()  # pragma: no cover

    def _too_far(self) -> CalendarError:
        return CalendarError(
            _("The calendar has no open hours within %(years)s years.") % {"years": MAX_DAYS // 366},
            {"calendar": "no_open_hours"},
            code="no_open_hours",
        )


def _key_of(weekday: int) -> str:
    return next(key for key, value in DAY_KEYS.items() if value == weekday)


def _check_spans(spans: tuple[Span, ...], field_name: str) -> None:
    previous_end = -1
    for start, end in spans:
        if not 0 <= start < end <= 1440:
            raise CalendarError(
                _("The span %(span)s ends before it starts.") % {"span": _span_text((start, end))},
                {field_name: "reversed_span"},
                code="reversed_span",
            )
        if start < previous_end:
            raise CalendarError(
                _("Spans overlap or are out of order on %(day)s.") % {"day": field_name},
                {field_name: "overlapping_spans"},
                code="overlapping_spans",
            )
        previous_end = end


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise CalendarError(
            _("A time without a time zone cannot be placed on the calendar."),
            {"start": "naive"},
            code="naive_datetime",
        )
    return value


# --- the stored calendars ---------------------------------------------------------------------------------

_cache: dict[int, tuple[tuple[Any, ...], BusinessCalendar]] = {}
_cache_lock = threading.Lock()
DEFAULT_NAME = "ساعات کاری"


def calendar_get(pk: int | None = None) -> BusinessCalendar:
    """The stored calendar `pk`, or the default one (created on first use when none is stored).

    Cached per process; every call checks the row's stamp and its days' count and latest change (one small
    query), so a change made by any process, through the actions or not, is seen at once.
    """
    from hamdel.core.models import Calendar

    found = _version(pk)
    if found is None:
        if pk is not None:
            raise NotFound(_("No calendar with this id."), {"calendar": pk}, code="calendar_not_found")
        default = _default_create()
        return calendar_get(default.pk)
    key, token = found[0], tuple(found[1:])
    cached = _cache.get(key)
    if cached is not None and cached[0] == token:
        return cached[1]
    calendar = calendar_build(Calendar.objects.get(pk=key))
    with _cache_lock:
        _cache[key] = (token, calendar)
    return calendar


# One indexed look-up in plain SQL: it runs on every call, and building an ORM query was most of its cost.
_VERSION_SQL = (
    "SELECT c.id, c.stamp, c.updated_at,"
    " (SELECT COUNT(*) FROM core_calendarday d WHERE d.calendar_id = c.id),"
    " (SELECT MAX(d.updated_at) FROM core_calendarday d WHERE d.calendar_id = c.id)"
    " FROM core_calendar c WHERE {where} ORDER BY c.id LIMIT 1"
)


def _version(pk: int | None) -> tuple[Any, ...] | None:
    """(id, stamp, updated_at, number of days, latest change of a day) of the calendar, or None."""
    from django.db import connection

    where, params = ("c.is_default = %s", [True]) if pk is None else ("c.id = %s", [int(pk)])
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL.format(where=where), params)
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


def calendar_build(row: Calendar) -> BusinessCalendar:
    """A BusinessCalendar from a stored row and its days (exceptions win over holidays on the same date)."""
    overrides: dict[dt.date, tuple[Span, ...]] = {}
    kinds: dict[dt.date, str] = {}
    for day in row.days.order_by("date", "kind"):
        if kinds.get(day.date) == "exception":
            continue
        overrides[day.date] = parse_spans(day.spans, field_name=f"days.{day.date.isoformat()}")
        kinds[day.date] = day.kind
    return BusinessCalendar(
        tz=parse_timezone(row.timezone),
        weekly=parse_weekly(row.weekly),
        overrides=overrides,
        country=row.holidays or None,
        seeded_years=frozenset(int(y) for y in row.seeded_years or []),
        pk=row.pk,
        name=row.name,
    )


def calendar_invalidate(pk: int | None = None) -> None:
    """Forget the cached calendars of this process (the stamp check makes this rarely needed)."""
    with _cache_lock:
        if pk is None:
            _cache.clear()
        else:
            _cache.pop(pk, None)


def _default_create() -> Calendar:
    from django.db import IntegrityError, transaction

    from hamdel.core.models import Calendar

    try:
        with transaction.atomic():
            return Calendar.objects.create(
                name=DEFAULT_NAME,
                timezone=DEFAULT_TIMEZONE,
                weekly=dict(DEFAULT_WEEKLY),
                holidays="IR",
                is_default=True,
            )
    except IntegrityError:  # another process created it first
        return Calendar.objects.get(is_default=True)
