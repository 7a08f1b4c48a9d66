"""Reads of calendars: for any staff member (CONVERSATION_VIEW); the year's holidays seed it lazily."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hamdel.core.calendar import CalendarError, calendar_get
from hamdel.core.errors import NotFound
from hamdel.core.models import Calendar, CalendarDay
from hamdel.core.permissions import Perm, require
from hamdel.core.persian import latin_digits
from hamdel.policies.calendars.dates import jalali_iso, jalali_long, jalali_year_range
from hamdel.policies.calendars.services import calendar_holidays_seed


def calendar_list(*, actor: Any) -> QuerySet[Calendar]:
    require(actor, Perm.CONVERSATION_VIEW)
    return Calendar.objects.order_by("-is_default", "name", "pk")


def calendar_detail(*, actor: Any, pk: int) -> Calendar:
    require(actor, Perm.CONVERSATION_VIEW)
    calendar = Calendar.objects.filter(pk=pk).first()
    if calendar is None:
        raise NotFound(_("No calendar with this id."), {"calendar": pk}, code="calendar_not_found")
    return calendar


def parse_moment(value: Any, *, tz: Any, field_name: str = "start") -> dt.datetime:
    """ISO-8601; a time without an offset is the calendar's local time. A «+» that a URL turned into a
    space is read back as «+»."""
    text = latin_digits(str(value or "")).strip()
    text = re.sub(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$", r"\1+\2", text)
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise CalendarError(
            _("«%(value)s» is not a date and time (ISO-8601, e.g. 2027-03-18T12:00:00+03:30).")
            % {"value": value},
            {field_name: "bad_datetime"},
            code="bad_datetime",
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def calendar_due(*, actor: Any, pk: int, start: Any, minutes: Any) -> dt.datetime:
    """The moment `minutes` business minutes after `start` on calendar `pk`."""
    require(actor, Perm.CONVERSATION_VIEW)
    calendar_detail(actor=actor, pk=pk)
    cal = calendar_get(pk)
    try:
        count = float(latin_digits(str(minutes)))
    except ValueError:
        count = float("nan")
    if count != count:  # NaN: not a number
        raise CalendarError(_("Minutes must be a number."), {"minutes": "not_a_number"}, code="bad_minutes")
    if count < 0:
        raise CalendarError(
            _("Business minutes cannot be negative."), {"minutes": "negative"}, code="negative_minutes"
        )
    if count > 60 * 24 * 366 * 5:
        raise CalendarError(_("At most five years of minutes."), {"minutes": "too_large"}, code="too_large")
    return cal.add(parse_moment(start, tz=cal.tz), count)


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    jalali: str
    jalali_long: str
    name: str
    estimated: bool
    source: str
    overridden: bool  # an exception gives this date other hours


def parse_jalali_year(value: Any) -> int:
    text = latin_digits(str(value or "")).strip()
    if not text.isdigit() or not 1300 <= int(text) <= 1500:
        raise CalendarError(
            _("«%(value)s» is not a Jalali year (e.g. 1406).") % {"value": value},
            {"year": "bad_year"},
            code="bad_year",
        )
    return int(text)


def calendar_holidays(*, actor: Any, pk: int, year: Any) -> list[HolidayRow]:
    """The holidays of Jalali `year`, in date order; the library's years it spans are seeded first."""
    calendar = calendar_detail(actor=actor, pk=pk)
    jalali_year = parse_jalali_year(year)
    first, last = jalali_year_range(jalali_year)
    calendar_holidays_seed(calendar=calendar, years={first.year, last.year})
    days = CalendarDay.objects.filter(calendar=calendar, date__range=(first, last))
    opened = {d.date for d in days if d.kind == CalendarDay.Kind.EXCEPTION}
    return [
        HolidayRow(
            date=d.date,
            jalali=jalali_iso(d.date),
            jalali_long=jalali_long(d.date),
            name=d.name,
            estimated=d.estimated,
            source=d.source,
            overridden=d.date in opened,
        )
        for d in days.order_by("date")
        if d.kind == CalendarDay.Kind.HOLIDAY
    ]


def calendar_exceptions(*, actor: Any, pk: int, start: dt.date | None = None) -> list[CalendarDay]:
    calendar = calendar_detail(actor=actor, pk=pk)
    rows = CalendarDay.objects.filter(calendar=calendar, kind=CalendarDay.Kind.EXCEPTION)
    if start is not None:
        rows = rows.filter(date__gte=start)
    return list(rows.order_by("date"))
