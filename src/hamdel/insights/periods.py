"""Reporting periods in the Jalali calendar: this week, this month, a Jalali month, a season, or custom.

A `Period` is a closed range of local dates [start, end] in the reporting time zone, with a Persian label and
the period before it (same kind: the previous Jalali month for a month, the previous season for a season,
otherwise the same number of days just before). Both the dashboards (`period_from_query`) and the API
(`period_parse_range`) go through here, so every page and the API agree on what «this month» means.

Query keys: `period` = today | week | month | last30 | jmonth | season | custom; `jmonth=1405-09`;
`season=1405-3` (1 spring … 4 winter); `from`/`to` as YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Jalali when the
year is below 1700), Persian digits accepted. A range is at most `MAX_DAYS` long and never reversed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import jdatetime
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.persian import fa_digits, latin_digits
from hamdel.language.jalali import JALALI_MONTHS

__all__ = [
    "KINDS",
    "MAX_DAYS",
    "SEASONS",
    "Period",
    "PeriodError",
    "jalali_label",
    "local_today",
    "parse_day",
    "period_from_query",
    "period_parse_range",
]

MAX_DAYS = 366
SEASONS = ("بهار", "تابستان", "پاییز", "زمستان")
KINDS = ("today", "week", "month", "last30", "jmonth", "season", "custom")
DEFAULT_TZ = "Asia/Tehran"
_DATE_RE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s*$")
_JMONTH_RE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})\s*$")


class PeriodError(ApplicationError):
    """A period that cannot be reported on: a bad date, a reversed or too long range."""


@dataclass(frozen=True)
class Period:
    start: dt.date  # first local day, inclusive
    end: dt.date  # last local day, inclusive
    kind: str = "custom"
    label: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period to compare with: the previous Jalali month or season, else as many days just before."""
        if self.kind in ("month", "jmonth"):
            j = jdatetime.date.fromgregorian(date=self.start)
            year, month = (j.year, j.month - 1) if j.month > 1 else (j.year - 1, 12)
            return _jalali_month(year, month)
        if self.kind == "season":
            j = jdatetime.date.fromgregorian(date=self.start)
            season = (j.month - 1) // 3 + 1
            year, season = (j.year, season - 1) if season > 1 else (j.year - 1, 4)
            return _season(year, season)
        end = self.start - dt.timedelta(days=1)
        start = end - dt.timedelta(days=self.days - 1)
        return Period(start=start, end=end, kind="custom", label=_range_label(start, end))

    def bounds(self, tz: str = DEFAULT_TZ) -> tuple[dt.datetime, dt.datetime]:
        """[first instant, first instant after] of the period in `tz`, as aware datetimes."""
        zone = ZoneInfo(tz)
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return first, after

    def query(self) -> dict[str, str]:
        """The query string that gives this period back (for links and the export)."""
        return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}


def local_today(tz: str = DEFAULT_TZ) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(tz)).date()


def jalali_label(day: dt.date, *, persian: bool = True) -> str:
    """«۱۲ آذر ۱۴۰۵» (Persian) or «1405-09-12»."""
    j = jdatetime.date.fromgregorian(date=day)
    if persian:
        return fa_digits(f"{j.day} {JALALI_MONTHS[j.month - 1]} {j.year}")
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def _range_label(start: dt.date, end: dt.date) -> str:
    if start == end:
        return jalali_label(start)
    return _("%(start)s to %(end)s") % {"start": jalali_label(start), "end": jalali_label(end)}


def _jalali_month(year: int, month: int) -> Period:
    first = jdatetime.date(year, month, 1)
    last_day = 31 if month <= 6 else 30 if month <= 11 else (30 if first.isleap() else 29)
    last = jdatetime.date(year, month, last_day)
    return Period(
        start=first.togregorian(),
        end=last.togregorian(),
        kind="jmonth",
        label=fa_digits(f"{JALALI_MONTHS[month - 1]} {year}"),
    )


def _season(year: int, season: int) -> Period:
    first = _jalali_month(year, season * 3 - 2)
    last = _jalali_month(year, season * 3)
    return Period(
        start=first.start, end=last.end, kind="season", label=fa_digits(f"{SEASONS[season - 1]} {year}")
    )


def parse_day(value: str, *, field_name: str) -> dt.date:
    """YYYY-MM-DD (Gregorian) or YYYY/MM/DD with a year below 1700 (Jalali); Persian digits are fine."""
    match = _DATE_RE.match(latin_digits(str(value or "")))
    try:
        if not match:
            raise ValueError(value)
        year, month, day = (int(g) for g in match.groups())
        if year < 1700:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError as exc:
        raise PeriodError(
            _("«%(value)s» is not a date like 2026-03-21 or ۱۴۰۵/۰۱/۰۱.") % {"value": value},
            {field_name: "bad_date"},
            code="bad_date",
        ) from exc


def period_parse_range(start_text: str, end_text: str) -> Period:
    """The API's `from`/`to`: both required, in order, at most MAX_DAYS days."""
    missing = [
        name for name, value in (("from", start_text), ("to", end_text)) if not str(value or "").strip()
    ]
    if missing:
        raise PeriodError(
            _("Give both dates of the period: from and to (YYYY-MM-DD)."),
            {name: "required" for name in missing},
            code="missing_date",
        )
    errors: dict[str, str] = {}
    days: dict[str, dt.date] = {}
    for name, value in (("from", start_text), ("to", end_text)):
        try:
            days[name] = parse_day(value, field_name=name)
        except PeriodError:
            errors[name] = "bad_date"
    if errors:
        raise PeriodError(
            _("Dates are written like 2026-03-21 (or ۱۴۰۵/۰۱/۰۱ in the Jalali calendar)."),
            errors,
            code="bad_date",
        )
    return _checked(days["from"], days["to"])


def _checked(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise PeriodError(
            _("The period ends before it starts: swap «from» and «to»."),
            {"from": "after_to", "to": "before_from"},
            code="reversed_range",
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError(
            _("A report covers at most %(days)s days; choose a shorter period.")
            % {"days": fa_digits(MAX_DAYS)},
            {"to": "range_too_long"},
            code="range_too_long",
        )
    return Period(start=start, end=end, kind="custom", label=_range_label(start, end))


def period_from_query(query: Mapping[str, str], *, tz: str = DEFAULT_TZ) -> Period:
    """The dashboards' period from their query string; this Jalali month when nothing is chosen."""
    today = local_today(tz)
    kind = (query.get("period") or "").strip() or ("custom" if query.get("from") else "month")
    if kind == "today":
        return Period(start=today, end=today, kind="today", label=_("Today"))
    if kind == "week":  # the Persian week starts on Saturday
        start = today - dt.timedelta(days=(today.weekday() - 5) % 7)
        return Period(start=start, end=today, kind="week", label=_("This week"))
    if kind == "last30":
        start = today - dt.timedelta(days=29)
        return Period(start=start, end=today, kind="custom", label=_("Last 30 days"))
    if kind == "month":
        j = jdatetime.date.fromgregorian(date=today)
        month = _jalali_month(j.year, j.month)
        return Period(
            start=month.start, end=month.end, kind="month", label=_("This month") + f" ({month.label})"
        )
    if kind == "jmonth":
        match = _JMONTH_RE.match(latin_digits(query.get("jmonth") or ""))
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise PeriodError(
                _("Choose a Jalali month like 1405-09."), {"jmonth": "bad_month"}, code="bad_month"
            )
        return _jalali_month(int(match.group(1)), int(match.group(2)))
    if kind == "season":
        match = _JMONTH_RE.match(latin_digits(query.get("season") or ""))
        if not match or not 1 <= int(match.group(2)) <= 4:
            raise PeriodError(
                _("Choose a season like 1405-3 (1 spring … 4 winter)."),
                {"season": "bad_season"},
                code="bad_season",
            )
        return _season(int(match.group(1)), int(match.group(2)))
    if kind == "custom":
        return period_parse_range(query.get("from") or "", query.get("to") or "")
    raise PeriodError(
        _("Unknown period «%(kind)s».") % {"kind": kind}, {"period": "unknown_period"}, code="unknown_period"
    )
