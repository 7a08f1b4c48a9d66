"""When a promise is due: the parser's `When` placed on the business calendar.

`language.promises.resolve` knows calendar time; here business offsets («۴۸ ساعت کاری»، «۳ روز کاری») are
counted with `cal.add` / `cal.add_working_days`, and a day named without a clock time («تا فردا») ends at
that day's close of business (a closed day: the close of the next working day).
"""

from __future__ import annotations

import datetime as dt

from hamdel.core.calendar import BusinessCalendar, calendar_get
from hamdel.language.promises import DATE, DAY, JALALI, OFFSET, VAGUE, WEEKDAY, When, due_date, resolve


def close_of_business(cal: BusinessCalendar, day: dt.date) -> dt.datetime:
    """The moment the office closes on `day`, or on the next working day when `day` is closed (aware)."""
    if not cal.is_working_day(day):
        day = cal.add_working_days(day, 1)
    last = max(end for _start, end in cal.spans_on(day))
    return dt.datetime.combine(day, dt.time(0), tzinfo=cal.tz) + dt.timedelta(minutes=last)


def promise_due(when: When, now: dt.datetime, cal: BusinessCalendar | None = None) -> dt.datetime | None:
    """The due moment (UTC) of a promise said at `now` (aware); None when it names no time (vague)."""
    if when.kind == VAGUE:
        return None
    cal = cal or calendar_get()
    local = now.astimezone(cal.tz)
    due: dt.datetime | None
    if when.kind == OFFSET and when.business and when.unit in ("minute", "hour"):
        due = cal.add(now, when.amount * (60 if when.unit == "hour" else 1))
    elif when.kind == OFFSET and when.business:
        days = when.amount * (6 if when.unit == "week" else 1)  # the Iranian week has six working days
        due = close_of_business(cal, cal.add_working_days(local.date(), days))
    elif when.kind == OFFSET and when.unit in ("day", "week"):
        days = when.amount * (7 if when.unit == "week" else 1)
        due = close_of_business(cal, local.date() + dt.timedelta(days=days))
    elif when.kind in (DAY, WEEKDAY, JALALI, DATE) and not when.has_time:
        day = due_date(when, local)
        due = close_of_business(cal, day) if day else None
    else:
        naive = resolve(when, local)
        due = naive.replace(tzinfo=cal.tz) if naive else None
    if due is None:
        return None
    if due <= now:  # «امروز» said after closing time: by the end of the day
        end_of_day = dt.datetime.combine(local.date(), dt.time(23, 59), tzinfo=cal.tz)
        if end_of_day <= now:
            return None
        due = end_of_day
    return due.astimezone(dt.UTC)
