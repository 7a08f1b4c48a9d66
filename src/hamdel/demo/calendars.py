"""Demo business calendar: the head office's hours, Iran's public holidays and one exception."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hamdel.core.models import Calendar
from hamdel.core.permissions import SYSTEM
from hamdel.policies.calendars.services import calendar_create, calendar_exception_set, calendar_holidays_seed

DEMO_NAME = "ساعات کاری دفتر مرکزی"


def demo_calendars() -> Calendar:
    """The default calendar (Sat–Wed 9–17, Thu 9–13, Fri closed, Iranian holidays) with a stock-taking day."""
    calendar = calendar_create(actor=SYSTEM, name=DEMO_NAME, holidays="IR", is_default=True)
    today = timezone.localdate()
    calendar_holidays_seed(calendar=calendar, years={today.year, today.year + 1})
    # Stock-taking: the next Wednesday at least a week away closes at 13:00.
    day = today + dt.timedelta(days=7)
    while day.weekday() != 2:
        day += dt.timedelta(days=1)
    calendar_exception_set(
        actor=SYSTEM, calendar=calendar, date=day.isoformat(), spans=[["09:00", "13:00"]], name="انبارگردانی"
    )
    return calendar
