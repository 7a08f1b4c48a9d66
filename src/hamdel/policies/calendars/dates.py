"""Dates as people type them: Jalali or Gregorian, Latin or Persian digits («1406/01/12», «۱۲ فروردین»)."""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
from django.utils.translation import gettext as _

from hamdel.core.calendar import CalendarError
from hamdel.core.persian import FA_MONTHS, fa_digits, latin_digits

_NUMERIC = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+(\S+)\s+(\d{4})$")
# Years before this are Jalali (1300–1499), from it on Gregorian.
_GREGORIAN_FROM = 1700


def parse_day(value: object, *, field_name: str = "date") -> dt.date:
    """A calendar date; a year below 1700 is read as Jalali. Refuses what is not a real date."""
    text = latin_digits(str(value or "")).strip().replace("\u200c", " ")
    text = re.sub(r"\s+", " ", text)
    year = month = day = 0
    if not text:
        raise CalendarError(_("A date is required."), {field_name: "required"}, code="required")
    if match := _NUMERIC.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _WORDS.match(text)) and match.group(2) in FA_MONTHS:
        day, month, year = int(match.group(1)), FA_MONTHS.index(match.group(2)) + 1, int(match.group(3))
        if year >= _GREGORIAN_FROM:
            raise _bad(value, field_name)
    else:
        raise _bad(value, field_name)
    try:
        if year < _GREGORIAN_FROM:
            if not 1200 <= year <= 1600:
                raise ValueError(year)
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _bad(value, field_name) from exc


def _bad(value: object, field_name: str) -> CalendarError:
    return CalendarError(
        _("«%(value)s» is not a date (e.g. 1406-01-12 or 2027-04-01).") % {"value": value},
        {field_name: "bad_date"},
        code="bad_date",
    )


def jalali_iso(day: dt.date) -> str:
    """2027-03-21 → «1406-01-01»."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def jalali_long(day: dt.date) -> str:
    """2027-03-21 → «یکشنبه ۱ فروردین ۱۴۰۶»."""
    j = jdatetime.date.fromgregorian(date=day)
    return fa_digits(f"{WEEKDAYS_FA[day.weekday()]} {j.day} {FA_MONTHS[j.month - 1]} {j.year}")


def jalali_year_range(year: int) -> tuple[dt.date, dt.date]:
    """The Gregorian dates of Farvardin 1 and Esfand 29/30 of a Jalali year."""
    first = jdatetime.date(year, 1, 1).togregorian()
    last = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    return first, last


def jalali_year_of(day: dt.date) -> int:
    return int(jdatetime.date.fromgregorian(date=day).year)


WEEKDAYS_FA = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]
