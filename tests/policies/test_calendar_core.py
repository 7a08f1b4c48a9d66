"""The business calendar against a hand-checked table.

Every expected value below was worked out by hand, not with the code under test:
- weekdays from today's anchor (Thursday 2026-12-03): 2027-03-20 is a Saturday, so 2027-03-21..24 are
  Sunday..Wednesday, 25 Thursday (half day), 26 Friday; 2027-04-01 a Thursday, 04-02 a Friday,
  04-03 a Saturday;
- Jalali: 1405 is not a leap year, so Esfand 29 1405 = 2027-03-20 (Oil nationalisation day, a holiday),
  Farvardin 1–4 1406 = 2027-03-21..24 (Nowruz), Farvardin 12 = 2027-04-01, 13 = 2027-04-02;
- the `holidays` library (0.109) estimates the martyrdom of Imam Sadiq on 2027-04-03 (marked «تخمینی»);
- Tehran has no DST since 2022: +03:30 all year. Berlin springs forward on Sunday 2027-03-28, 02:00→03:00.
Default hours: Saturday–Wednesday 09:00–17:00, Thursday 09:00–13:00, Friday closed.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hamdel.core.calendar import (
    DEFAULT_WEEKLY,
    BusinessCalendar,
    CalendarError,
    calendar_get,
    library_holidays,
)
from hamdel.core.models import Calendar, CalendarDay

TEHRAN = ZoneInfo("Asia/Tehran")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: ZoneInfo = TEHRAN) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=tz)


@pytest.fixture
def iran() -> BusinessCalendar:
    return BusinessCalendar.build(country="IR")


def test_the_table_is_anchored_on_the_right_weekdays() -> None:
    assert dt.date(2026, 12, 3).weekday() == 3  # the day this table was written: a Thursday
    assert dt.date(2027, 3, 20).weekday() == 5  # Saturday, Esfand 29 1405
    assert dt.date(2027, 4, 1).weekday() == 3  # Thursday, Farvardin 12 1406


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        # Wednesday 16:00 + 2 h: one hour left on Wednesday, one on Thursday morning.
        (at(2026, 12, 9, 16), 120, at(2026, 12, 10, 10)),
        # Thursday closes at 13:00 and Friday is closed: Saturday 10:00.
        (at(2026, 12, 10, 12), 120, at(2026, 12, 12, 10)),
        # Landing on a closing time stays there.
        (at(2026, 12, 9, 16), 60, at(2026, 12, 9, 17)),
        # Started while closed (Friday): counting starts at Saturday's opening.
        (at(2026, 12, 11, 10), 30, at(2026, 12, 12, 9, 30)),
        # Zero minutes from a closed moment is the next opening.
        (at(2026, 12, 11, 10), 0, at(2026, 12, 12, 9)),
        # A whole week of hours (5×8 h + 4 h = 2640 min) from Saturday 09:00 ends Thursday 13:00.
        (at(2026, 12, 12, 9), 2640, at(2026, 12, 17, 13)),
        # Thursday 2027-03-18 12:00 + 2 h: 1 h Thursday; Friday, Esfand 29 (Sat) and
        # Nowruz (Sun–Wed) closed; Thursday 2027-03-25 09:00 + 1 h.
        (at(2027, 3, 18, 12), 120, at(2027, 3, 25, 10)),
        # Thursday after Nowruz, half an hour before closing + 1 h: Saturday 2027-03-27 09:30.
        (at(2027, 3, 25, 12, 30), 60, at(2027, 3, 27, 9, 30)),
        # Wednesday 2027-03-31 16:30 + 1 h: Farvardin 12 (Thu), Farvardin 13 (Fri), the estimated Imam Sadiq
        # holiday (Sat 04-03) closed: Sunday 2027-04-04 09:30.
        (at(2027, 3, 31, 16, 30), 60, at(2027, 4, 4, 9, 30)),
    ],
)
def test_add_business_minutes(
    iran: BusinessCalendar, start: dt.datetime, minutes: int, due: dt.datetime
) -> None:
    result = iran.add(start, minutes)
    assert result == due
    assert result.tzinfo == TEHRAN
    assert result.isoformat().endswith("+03:30")


def test_add_takes_any_zone_and_answers_in_the_calendars(iran: BusinessCalendar) -> None:
    # Wednesday 16:00 Tehran is 12:30 UTC.
    result = iran.add(dt.datetime(2026, 12, 9, 12, 30, tzinfo=dt.UTC), 120)
    assert result.isoformat() == "2026-12-10T10:00:00+03:30"


def test_minutes_between_across_a_weekend(iran: BusinessCalendar) -> None:
    # Thursday 12:00 → Saturday 10:00: 60 (Thu) + 0 (Fri) + 60 (Sat).
    assert iran.minutes_between(at(2026, 12, 10, 12), at(2026, 12, 12, 10)) == 120
    # Wednesday 00:00 → Sunday 00:00: 480 + 240 + 0 + 480.
    assert iran.minutes_between(at(2026, 12, 9), at(2026, 12, 13)) == 1200
    assert iran.minutes_between(at(2026, 12, 12, 10), at(2026, 12, 10, 12)) == 0
    # Across Esfand 29 and Nowruz: Thursday 2027-03-18 12:00 → Thursday 2027-03-25 10:00 = 60 + 60.
    assert iran.minutes_between(at(2027, 3, 18, 12), at(2027, 3, 25, 10)) == 120


def test_holidays_and_working_days(iran: BusinessCalendar) -> None:
    assert not iran.is_working_day(dt.date(2027, 3, 20))  # Esfand 29: a Saturday, but a holiday
    for day in range(21, 25):  # Nowruz, Sunday to Wednesday
        assert not iran.is_working_day(dt.date(2027, 3, day))
    assert iran.is_working_day(dt.date(2027, 3, 25))  # Thursday, half day
    assert not iran.is_working_day(dt.date(2027, 4, 1))  # Farvardin 12
    assert not iran.is_working_day(dt.date(2027, 4, 2))  # Farvardin 13 (and a Friday)
    assert iran.is_working_day(dt.date(2027, 3, 27))


def test_add_working_days_across_nowruz(iran: BusinessCalendar) -> None:
    # From Wednesday 2027-03-17: Thu 18 (1); Fri 19, Sat 20 (Esfand 29), 21–24 Nowruz skipped; Thu 25 (2);
    # Fri 26 skipped; Sat 27 (3), Sun 28 (4), Mon 29 (5), Tue 30 (6), Wed 31 (7).
    assert iran.add_working_days(dt.date(2027, 3, 17), 1) == dt.date(2027, 3, 18)
    assert iran.add_working_days(dt.date(2027, 3, 17), 2) == dt.date(2027, 3, 25)
    assert iran.add_working_days(dt.date(2027, 3, 17), 7) == dt.date(2027, 3, 31)
    assert iran.add_working_days(dt.date(2027, 3, 17), 0) == dt.date(2027, 3, 17)


def test_is_open_and_next_open(iran: BusinessCalendar) -> None:
    assert iran.is_open(at(2026, 12, 10, 12, 59))
    assert not iran.is_open(at(2026, 12, 10, 13))  # Thursday closes at 13:00
    assert not iran.is_open(at(2026, 12, 11, 10))  # Friday
    assert iran.next_open(at(2026, 12, 11, 10)) == at(2026, 12, 12, 9)
    open_now = at(2026, 12, 12, 11, 15)
    assert iran.next_open(open_now) == open_now
    assert iran.next_open(at(2027, 3, 19, 20)) == at(
        2027, 3, 25, 9
    )  # Friday evening before Esfand 29 + Nowruz


def test_an_exception_day_changes_the_hours() -> None:
    cal = BusinessCalendar.build(
        overrides={dt.date(2026, 12, 12): [["10:00", "12:00"]], dt.date(2026, 12, 9): []},
    )
    # Saturday opens 10:00–12:00 only: Thursday 12:00 + 2 h = 1 h Thursday + Saturday 10:00 + 1 h.
    assert cal.add(at(2026, 12, 10, 12), 120) == at(2026, 12, 12, 11)
    # Then 1 h Saturday (11–12), closed after 12:00, Sunday 09:00 + 1 h.
    assert cal.add(at(2026, 12, 10, 12), 240) == at(2026, 12, 13, 10)
    # Wednesday closed: Tuesday 16:00 + 2 h = 1 h Tuesday + Thursday 09:00 + 1 h.
    assert cal.add(at(2026, 12, 8, 16), 120) == at(2026, 12, 10, 10)
    assert not cal.is_working_day(dt.date(2026, 12, 9))


def test_several_spans_a_day() -> None:
    cal = BusinessCalendar.build(weekly={"sat": [["13:00", "17:00"], ["08:00", "12:00"]]})
    # Saturday 11:00 + 2 h: 1 h to 12:00, lunch, 13:00 + 1 h.
    assert cal.add(at(2026, 12, 12, 11), 120) == at(2026, 12, 12, 14)
    # 8 h a week: Saturday 11:00 + 8 h = 5 h left this Saturday (11–12, 13–17), the next Saturday 08:00 + 3 h.
    assert cal.add(at(2026, 12, 12, 11), 480) == at(2026, 12, 19, 11)
    assert cal.minutes_between(at(2026, 12, 12), at(2026, 12, 13)) == 480


def test_a_zone_with_daylight_saving_counts_real_minutes() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    always_sunday = BusinessCalendar.build(tz="Europe/Berlin", weekly={"sun": [["00:00", "24:00"]]})
    # Sunday 2027-03-28 loses the hour 02:00–03:00: the day is 23 h = 1380 min.
    assert always_sunday.minutes_between(at(2027, 3, 28, tz=berlin), at(2027, 3, 29, tz=berlin)) == 1380
    # Sunday 2027-10-31 repeats the hour 02:00–03:00: 25 h = 1500 min.
    assert always_sunday.minutes_between(at(2027, 10, 31, tz=berlin), at(2027, 11, 1, tz=berlin)) == 1500
    # 1440 min from its start: 1380 that Sunday, 60 the next: Sunday 2027-04-04 01:00.
    assert always_sunday.add(at(2027, 3, 28, tz=berlin), 1440) == at(2027, 4, 4, 1, tz=berlin)
    office = BusinessCalendar.build(
        tz="Europe/Berlin", weekly={"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}
    )
    due = office.add(at(2027, 3, 29, 16, tz=berlin), 120)  # Monday after the change, summer time
    assert due.isoformat() == "2027-03-30T10:00:00+02:00"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"weekly": {"sat": [["17:00", "09:00"]]}}, "reversed_span"),
        ({"weekly": {"sat": [["09:00", "13:00"], ["12:00", "17:00"]]}}, "overlapping_spans"),
        ({"weekly": {"sat": [["09:00", "25:00"]]}}, "bad_time"),
        ({"weekly": {"fri": []}}, "no_open_hours"),
        ({"weekly": {"sabt": [["09:00", "17:00"]]}}, "bad_weekly"),
        ({"tz": "Asia/Tehrann"}, "unknown_timezone"),
        ({"overrides": {dt.date(2027, 1, 1): [["12:00", "10:00"]]}}, "reversed_span"),
    ],
)
def test_bad_calendars_are_refused(kwargs: dict, code: str) -> None:
    with pytest.raises(CalendarError) as refused:
        BusinessCalendar.build(**kwargs)
    assert refused.value.code == code
    assert refused.value.status == 400


def test_negative_minutes_are_refused(iran: BusinessCalendar) -> None:
    with pytest.raises(CalendarError) as refused:
        iran.add(at(2026, 12, 9, 16), -1)
    assert refused.value.code == "negative_minutes"


def test_a_calendar_closed_for_ever_stops_instead_of_looping() -> None:
    # Every date of 40 years closed by exceptions: the arithmetic gives up with an error.
    start = dt.date(2027, 1, 1)
    closed = {start + dt.timedelta(days=i): [] for i in range(366 * 31)}
    cal = BusinessCalendar.build(overrides=closed)
    with pytest.raises(CalendarError):
        cal.add(at(2027, 1, 1), 1)
    with pytest.raises(CalendarError):
        cal.add_working_days(dt.date(2027, 1, 1), 1)


def test_persian_digits_in_times() -> None:
    cal = BusinessCalendar.build(weekly={"sat": [["۰۹:۰۰", "۱۷:۰۰"]]})
    assert cal.weekly[5] == ((540, 1020),)


def test_library_holidays_strip_the_estimate_mark() -> None:
    year_2027 = library_holidays("IR", 2027)
    assert year_2027[dt.date(2027, 3, 20)] == ("روز ملی شدن صنعت نفت ایران", False)
    assert year_2027[dt.date(2027, 6, 15)] == ("تاسوعای حسینی", True)
    # Nowruz 1405 fell on Eid al-Fitr: one certain name makes the date certain.
    name, estimated = library_holidays("IR", 2026)[dt.date(2026, 3, 21)]
    assert "نوروز" in name and "فطر" in name and not estimated


@pytest.mark.django_db
def test_calendar_get_creates_the_default_and_sees_changes() -> None:
    # given no calendar stored
    assert not Calendar.objects.exists()
    # when the default is asked for
    cal = calendar_get()
    # then one is created with the default week in Tehran, Iranian holidays included
    assert Calendar.objects.filter(is_default=True).count() == 1
    assert cal.tz == TEHRAN
    assert cal.add(at(2027, 3, 18, 12), 120) == at(2027, 3, 25, 10)
    assert calendar_get() is cal  # cached
    assert calendar_get(cal.pk) is cal
    assert BusinessCalendar.build(weekly=DEFAULT_WEEKLY).weekly == cal.weekly
    # when a day is added (even straight in the database), the next call sees it
    CalendarDay.objects.create(
        calendar_id=cal.pk,
        date=dt.date(2027, 3, 25),
        kind=CalendarDay.Kind.EXCEPTION,
        spans=[],
        source="manual",
    )
    fresh = calendar_get()
    assert fresh is not cal
    assert fresh.add(at(2027, 3, 18, 12), 120) == at(2027, 3, 27, 10)
    # an exception wins over a holiday on the same date
    CalendarDay.objects.create(calendar_id=cal.pk, date=dt.date(2027, 3, 27), kind="holiday", spans=[])
    CalendarDay.objects.create(
        calendar_id=cal.pk, date=dt.date(2027, 3, 27), kind="exception", spans=[["09:00", "12:00"]]
    )
    assert calendar_get().add(at(2027, 3, 18, 12), 120) == at(2027, 3, 27, 10)


@pytest.mark.django_db
def test_calendar_get_unknown_id_is_404() -> None:
    from hamdel.core.errors import NotFound

    with pytest.raises(NotFound):
        calendar_get(999)


def test_refusals_speak_persian(iran: BusinessCalendar) -> None:
    from django.utils import translation

    with translation.override("fa"), pytest.raises(CalendarError) as refused:
        iran.add(at(2026, 12, 9, 16), -5)
    assert refused.value.message == "دقیقه‌های کاری نمی‌تواند منفی باشد."
    with translation.override("fa"), pytest.raises(CalendarError) as refused:
        BusinessCalendar.build(weekly={"sat": [["09:00", "13:00"], ["12:00", "17:00"]]})
    assert refused.value.message == "بازه‌های 09:00–13:00 و 12:00–17:00 روی هم افتاده‌اند."


def test_the_models_default_week_is_the_calendars() -> None:
    from hamdel.core.models import _default_weekly

    assert _default_weekly() == DEFAULT_WEEKLY
