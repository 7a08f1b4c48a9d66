"""The calendar settings pages as an admin uses them: Persian, Jalali, forms that refuse bad hours."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hamdel.accounts.models import Role
from hamdel.accounts.services import user_create
from hamdel.core.calendar import calendar_get
from hamdel.core.models import Calendar, CalendarDay

WEEK = {
    "sat": "۰۹:۰۰-۱۲:۰۰، ۱۳:۰۰-۱۷:۰۰",
    "sun": "09:00-17:00",
    "mon": "09:00-17:00",
    "tue": "09:00-17:00",
    "wed": "09:00-17:00",
    "thu": "09:00 تا 13:00",
    "fri": "",
}


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(user_create(username="boss", password="s3cret-pass", role=Role.ADMIN))
    return client


def test_create_a_calendar_with_a_lunch_break(admin_client: Client) -> None:
    # when an admin fills the form with Persian digits and two spans on Saturday
    response = admin_client.post(
        "/policies/calendars/",
        {"name": "شعبهٔ شیراز", "timezone": "Asia/Tehran", "holidays": "IR", **WEEK},
    )
    # then the calendar is made and opens for editing
    calendar = Calendar.objects.get(name="شعبهٔ شیراز")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/policies/calendars/{calendar.pk}/"
    )
    assert calendar.weekly["sat"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert calendar.weekly["thu"] == [["09:00", "13:00"]] and calendar.weekly["fri"] == []
    page = admin_client.get(response["Location"]).content.decode()
    assert "۰۹:۰۰ تا ۱۲:۰۰، ۱۳:۰۰ تا ۱۷:۰۰" in page  # shown back with Persian digits
    listing = admin_client.get("/policies/calendars/").content.decode()
    assert "شعبهٔ شیراز" in listing and "جمعه: تعطیل" in listing


def test_overlapping_hours_are_refused_beside_the_day(admin_client: Client) -> None:
    response = admin_client.post(
        "/policies/calendars/",
        {
            "name": "بد",
            "timezone": "Asia/Tehran",
            "holidays": "IR",
            **WEEK,
            "sat": "09:00-13:00, 12:00-17:00",
        },
    )
    assert response.status_code == 400
    assert "روی هم افتاده‌اند" in response.content.decode()
    assert not Calendar.objects.filter(name="بد").exists()


def test_exceptions_by_jalali_date(admin_client: Client) -> None:
    calendar = Calendar.objects.create(name="دفتر")
    url = f"/policies/calendars/{calendar.pk}/"
    # when the admin closes 19 Azar 1405 (Thursday 2026-12-10)
    response = admin_client.post(
        url, {"op": "exception_add", "date": "۱۴۰۵/۰۹/۱۹", "closed": "on", "name": "انبارگردانی"}
    )
    assert response.status_code == 302
    assert not calendar_get(calendar.pk).is_working_day(dt.date(2026, 12, 10))
    page = admin_client.get(url).content.decode()
    assert "پنجشنبه ۱۹ آذر ۱۴۰۵" in page and "انبارگردانی" in page
    # a shorter Friday: open 10–12
    admin_client.post(url, {"op": "exception_add", "date": "1405/09/20", "hours": "10:00-12:00"})
    assert calendar_get(calendar.pk).spans_on(dt.date(2026, 12, 11)) == ((600, 720),)
    # a bad date is named beside its field, nothing saved
    before = CalendarDay.objects.count()
    bad = admin_client.post(url, {"op": "exception_add", "date": "1405/13/01", "closed": "on"})
    assert bad.status_code == 400 and "تاریخ نیست" in bad.content.decode()
    assert CalendarDay.objects.count() == before
    # removing a date without an exception, or no date at all, is a message, not an error page
    for date in ("2026-12-12", "x"):
        gone = admin_client.post(url, {"op": "exception_remove", "date": date}, follow=True)
        assert gone.status_code == 200 and 'class="flash-error"' in gone.content.decode()
    # when it is removed, Thursday works again
    admin_client.post(url, {"op": "exception_remove", "date": "2026-12-10"})
    assert calendar_get(calendar.pk).is_working_day(dt.date(2026, 12, 10))


def test_the_years_holidays_in_jalali_with_estimates_marked(admin_client: Client) -> None:
    calendar = Calendar.objects.create(name="دفتر")
    page = admin_client.get(f"/policies/calendars/{calendar.pk}/holidays/?year=۱۴۰۶").content.decode()
    assert "تعطیلات ۱۴۰۶" in page
    assert "یکشنبه ۱ فروردین ۱۴۰۶" in page  # Nowruz
    assert "پنجشنبه ۱۲ فروردین ۱۴۰۶" in page
    assert "تاسوعای حسینی" in page and "تخمینی" in page
    # when the official list is imported from the page
    upload = SimpleUploadedFile("1406.csv", "1406/01/15,شهادت امام جعفر صادق\n".encode(), "text/csv")
    response = admin_client.post(f"/policies/calendars/{calendar.pk}/holidays/", {"file": upload})
    assert response.status_code == 302 and response["Location"].endswith("?year=1406")
    page = admin_client.get(response["Location"]).content.decode()
    assert "شنبه ۱۴ فروردین ۱۴۰۶" not in page and "یکشنبه ۱۵ فروردین ۱۴۰۶" in page
    assert "فهرست رسمی" in page


def test_agents_and_leads_do_not_see_the_pages(db: None) -> None:
    calendar = Calendar.objects.create(name="دفتر")
    for role in (Role.AGENT, Role.SUPERVISOR):
        client = Client()
        client.force_login(user_create(username=f"u-{role}", password="s3cret-pass", role=role))
        assert client.get("/policies/calendars/").status_code == 403
        assert (
            client.post(
                f"/policies/calendars/{calendar.pk}/",
                {"op": "exception_add", "date": "1406/01/05", "closed": "on"},
            ).status_code
            == 403
        )
    assert not CalendarDay.objects.exists()


def test_the_demo_calendar(db: None) -> None:
    from hamdel.demo.calendars import DEMO_NAME, demo_calendars

    # given a default calendar made earlier on first use
    calendar_get()
    # when the demo loads
    calendar = demo_calendars()
    # then its calendar is the default, with Iranian holidays and one exception
    assert Calendar.objects.get(is_default=True) == calendar and calendar.name == DEMO_NAME
    cal = calendar_get()
    assert cal.pk == calendar.pk and not cal.is_working_day(dt.date(2027, 3, 21))
    exception = CalendarDay.objects.get(calendar=calendar, kind="exception")
    assert exception.date.weekday() == 2 and exception.spans == [["09:00", "13:00"]]
