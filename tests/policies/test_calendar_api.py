"""The calendars API as an integration calls it (shapes from issue 13, item 1), and its refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from hamdel.core.calendar import calendar_get
from hamdel.core.models import AuditLog, Calendar, CalendarDay
from tests.conftest import ApiClient


@pytest.fixture
def admin_api(db: None) -> ApiClient:
    admin = user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")
    return ApiClient(api_key_create(name="admin", user=admin)[1])


def _snapshot() -> Any:
    return (
        list(Calendar.objects.values_list("pk", "name", "timezone", "weekly", "stamp")),
        list(CalendarDay.objects.values_list("pk", "date", "kind", "spans", "name", "source", "estimated")),
        AuditLog.objects.count(),
    )


def _create(api: ApiClient, **body: Any) -> int:
    response = api.post("/calendars", {"name": "دفتر مرکزی", **body})
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_business_minutes_across_thursday_friday_and_nowruz(admin_api: ApiClient, api: ApiClient) -> None:
    # given the default Iranian calendar, made through the API
    pk = _create(admin_api)
    # when an agent's integration asks for due times (hand-checked: see test_calendar_core)
    cases = [
        ("2026-12-09T16:00:00+03:30", 120, "2026-12-10T10:00:00+03:30"),  # Wed 16:00 → Thu 10:00
        ("2026-12-10T12:00:00+03:30", 120, "2026-12-12T10:00:00+03:30"),  # Thu half day, Fri closed
        ("2027-03-18T12:00:00+03:30", 120, "2027-03-25T10:00:00+03:30"),  # Esfand 29 + Nowruz 1406
        ("2026-12-10T08:30:00Z", 120, "2026-12-12T10:00:00+03:30"),  # UTC in, Tehran out
    ]
    for start, minutes, due in cases:
        response = api.get(f"/calendars/{pk}/add", start=start, minutes=minutes)
        # then the due moment comes back with its offset
        assert response.status_code == 200, response.content
        assert response.json() == {"due": due}


def test_a_plus_sign_lost_in_the_url_still_reads(admin_api: ApiClient) -> None:
    pk = _create(admin_api)
    response = admin_api.client.get(
        f"/api/v1/calendars/{pk}/add?start=2026-12-09T16:00:00+03:30&minutes=120", headers=admin_api.headers
    )
    assert response.json() == {"due": "2026-12-10T10:00:00+03:30"}


def test_create_with_own_week_and_read_it_back(admin_api: ApiClient) -> None:
    pk = _create(
        admin_api,
        timezone="Asia/Tehran",
        weekly={"sat": [["13:00", "17:00"], ["08:00", "12:00"]], "sun": [["08:00", "12:00"]], "fri": []},
        holidays=None,
    )
    body = admin_api.get(f"/calendars/{pk}").json()
    assert body["weekly"]["sat"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert body["weekly"]["mon"] == [] and body["holidays"] is None
    # Saturday 11:00 + 2 h: 1 h before lunch, 13:00 + 1 h
    due = admin_api.get(f"/calendars/{pk}/add", start="2026-12-12T11:00:00+03:30", minutes=120).json()
    assert due == {"due": "2026-12-12T14:00:00+03:30"}
    assert pk in [c["id"] for c in admin_api.get("/calendars").json()]


def test_holiday_list_of_a_jalali_year(admin_api: ApiClient) -> None:
    pk = _create(admin_api)
    response = admin_api.get(f"/calendars/{pk}/holidays", year="1406")
    assert response.status_code == 200
    days = {d["date"]: d for d in response.json()}
    # Farvardin 1406 starts on 2027-03-21; Esfand 29 1405 (2027-03-20) belongs to the year before
    assert "2027-03-20" not in days
    assert days["2027-03-21"]["jalali"] == "1406-01-01"
    assert days["2027-03-21"]["estimated"] is False and "نوروز" in days["2027-03-21"]["name"]
    assert days["2027-04-01"]["jalali"] == "1406-01-12"
    assert days["2027-04-02"]["jalali"] == "1406-01-13"
    assert days["2027-06-15"] == {
        "date": "2027-06-15",
        "jalali": "1406-03-25",
        "name": "تاسوعای حسینی",
        "estimated": True,
    }
    assert all(d["jalali"].startswith("1406-") for d in days.values())
    # Persian digits in the year are fine; the year before holds Esfand 29
    before = admin_api.get(f"/calendars/{pk}/holidays", year="۱۴۰۵").json()
    assert {
        "date": "2027-03-20",
        "jalali": "1405-12-29",
        "name": "روز ملی شدن صنعت نفت ایران",
        "estimated": False,
    } in before


def test_an_exception_day(admin_api: ApiClient) -> None:
    pk = _create(admin_api)
    # when Thursday 2026-12-10 is closed (given as a Jalali date: 19 Azar 1405)
    response = admin_api.post(f"/calendars/{pk}/exceptions", {"date": "1405-09-19", "spans": []})
    assert response.status_code == 201, response.content
    assert response.json()["date"] == "2026-12-10" and response.json()["spans"] == []
    # then Wednesday 16:00 + 2 h runs to Saturday 10:00
    due = admin_api.get(f"/calendars/{pk}/add", start="2026-12-09T16:00:00+03:30", minutes=120).json()
    assert due == {"due": "2026-12-12T10:00:00+03:30"}
    # and a Friday opened 10:00–12:00 takes the rest
    admin_api.post(f"/calendars/{pk}/exceptions", {"date": "2026-12-11", "spans": [["10:00", "12:00"]]})
    due = admin_api.get(f"/calendars/{pk}/add", start="2026-12-09T16:00:00+03:30", minutes=120).json()
    assert due == {"due": "2026-12-11T11:00:00+03:30"}
    # removing the exception gives the Thursday back
    assert (
        admin_api.client.delete(
            f"/api/v1/calendars/{pk}/exceptions/2026-12-10", headers=admin_api.headers
        ).status_code
        == 204
    )
    admin_api.client.delete(f"/api/v1/calendars/{pk}/exceptions/2026-12-11", headers=admin_api.headers)
    due = admin_api.get(f"/calendars/{pk}/add", start="2026-12-09T16:00:00+03:30", minutes=120).json()
    assert due == {"due": "2026-12-10T10:00:00+03:30"}


def test_the_official_list_overrides_an_estimate(admin_api: ApiClient) -> None:
    # given the library's estimate: the martyrdom of Imam Sadiq on Saturday 2027-04-03 (14 Farvardin 1406)
    pk = _create(admin_api)
    assert not calendar_get(pk).is_working_day(dt.date(2027, 4, 3))
    # when the official list for 1406 puts it on Sunday 2027-04-04 (15 Farvardin), with Persian digits
    csv = "تاریخ,مناسبت\n۱۴۰۶/۰۱/۰۱,جشن نوروز\n1406/01/15,شهادت امام جعفر صادق\n2027-06-16,تاسوعا\n"
    upload = SimpleUploadedFile("1406.csv", csv.encode("utf-8-sig"), "text/csv")
    response = admin_api.client.post(
        f"/api/v1/calendars/{pk}/holidays/import", {"file": upload}, headers=admin_api.headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 3 and response.json()["jalali_years"] == [1406]
    # then Saturday is a working day again and Sunday is closed
    cal = calendar_get(pk)
    assert cal.is_working_day(dt.date(2027, 4, 3))
    assert not cal.is_working_day(dt.date(2027, 4, 4))
    # Wednesday 2027-03-31 16:30 + 1 h: Thu, Fri (Farvardin 12–13) closed, Saturday 09:30
    due = admin_api.get(f"/calendars/{pk}/add", start="2027-03-31T16:30:00+03:30", minutes=60).json()
    assert due == {"due": "2027-04-03T09:30:00+03:30"}
    days = {d["date"]: d for d in admin_api.get(f"/calendars/{pk}/holidays", year=1406).json()}
    assert "2027-04-03" not in days and days["2027-04-04"]["estimated"] is False
    assert "2027-06-15" not in days and days["2027-06-16"]["name"] == "تاسوعا"
    # certain holidays the list did not repeat stay (Farvardin 12)
    assert days["2027-04-01"]["estimated"] is False
    # and an estimate of another year is untouched
    assert any(d["estimated"] for d in admin_api.get(f"/calendars/{pk}/holidays", year=1407).json())


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"weekly": {"sat": [["17:00", "09:00"]]}}, "weekly.sat", "reversed_span"),
        ({"weekly": {"sat": [["09:00", "13:00"], ["12:00", "17:00"]]}}, "weekly.sat", "overlapping_spans"),
        ({"timezone": "Asia/Tehrann"}, "timezone", "unknown_timezone"),
        ({"weekly": {"fri": []}}, "weekly", "no_open_hours"),
        ({"holidays": "US"}, "holidays", "bad_country"),
        ({"name": "  "}, "name", "required"),
    ],
)
def test_bad_calendars_are_refused_in_persian(
    admin_api: ApiClient, body: dict, field: str, code: str
) -> None:
    before = _snapshot()
    response = admin_api.post("/calendars", {"name": "تقویم", **body})
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["code"] == code
    assert field in answer["extra"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in answer["message"])
    assert _snapshot() == before


def test_every_bad_field_is_named_at_once(admin_api: ApiClient) -> None:
    response = admin_api.post(
        "/calendars", {"name": "", "timezone": "Mars/Olympus", "weekly": {"sat": [["10:00", "09:00"]]}}
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["extra"]["errors"]} == {"name", "timezone", "weekly.sat"}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"start": "2026-12-09T16:00:00+03:30", "minutes": -5}, "negative_minutes"),
        ({"start": "فردا", "minutes": 10}, "bad_datetime"),
        ({"start": "2026-12-09T16:00:00+03:30", "minutes": "ده"}, "bad_minutes"),
    ],
)
def test_bad_arithmetic_requests(admin_api: ApiClient, params: dict, code: str) -> None:
    pk = _create(admin_api)
    response = admin_api.get(f"/calendars/{pk}/add", **params)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"date": "1406-13-01", "spans": []}, "bad_date"),
        ({"date": "2027-02-30", "spans": []}, "bad_date"),
        ({"date": "2027-03-25", "spans": [["12:00", "10:00"]]}, "reversed_span"),
        ({"date": "2027-03-25"}, "required"),
    ],
)
def test_bad_exceptions_change_nothing(admin_api: ApiClient, body: dict, code: str) -> None:
    pk = _create(admin_api)
    before = _snapshot()
    response = admin_api.post(f"/calendars/{pk}/exceptions", body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert _snapshot() == before


def test_a_bad_line_refuses_the_whole_import(admin_api: ApiClient) -> None:
    pk = _create(admin_api)
    admin_api.get(f"/calendars/{pk}/holidays", year=1406)  # seeded
    before = _snapshot()
    csv = "1406/01/15,شهادت امام جعفر صادق\n1406/07/31,روز نادرست\n1406/01/15,تکرار\n"
    upload = SimpleUploadedFile("1406.csv", csv.encode(), "text/csv")
    response = admin_api.client.post(
        f"/api/v1/calendars/{pk}/holidays/import", {"file": upload}, headers=admin_api.headers
    )
    assert response.status_code == 400
    lines = {e["field"] for e in response.json()["extra"]["errors"]}
    assert lines == {"line 2", "line 3"}
    assert _snapshot() == before


def test_agents_read_but_do_not_change_calendars(admin_api: ApiClient, api: ApiClient) -> None:
    pk = _create(admin_api)
    assert api.get(f"/calendars/{pk}").status_code == 200
    before = _snapshot()
    refused = api.post(f"/calendars/{pk}/exceptions", {"date": "2027-03-25", "spans": []})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert api.post("/calendars", {"name": "x"}).status_code == 403
    assert _snapshot() == before


def test_unknown_calendar_is_404(api: ApiClient) -> None:
    response = api.get("/calendars/999/add", start="2026-12-09T16:00:00+03:30", minutes=5)
    assert response.status_code == 404


def test_patch_hours_and_turn_the_holidays_off(admin_api: ApiClient) -> None:
    pk = _create(admin_api)
    admin_api.get(f"/calendars/{pk}/holidays", year=1406)  # 1406's holidays stored
    # when the admin opens Fridays 10–14 and stops following Iran's holidays
    response = admin_api.patch(
        f"/calendars/{pk}", {"weekly": {**_WEEK, "fri": [["10:00", "14:00"]]}, "holidays": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["holidays"] is None and response.json()["weekly"]["fri"] == [["10:00", "14:00"]]
    # then Thursday 2027-03-18 12:00 + 2 h: 1 h Thursday, Friday 10:00 + 1 h (no holiday closes anything)
    due = admin_api.get(f"/calendars/{pk}/add", start="2027-03-18T12:00:00+03:30", minutes=120).json()
    assert due == {"due": "2027-03-19T11:00:00+03:30"}
    assert admin_api.get(f"/calendars/{pk}/holidays", year=1406).json() == []
    # a name left out is kept; a bad zone is refused and changes nothing
    assert admin_api.patch(f"/calendars/{pk}", {"timezone": "Tehran"}).status_code == 400
    assert admin_api.get(f"/calendars/{pk}").json()["timezone"] == "Asia/Tehran"


_WEEK = {
    "sat": [["09:00", "17:00"]],
    "sun": [["09:00", "17:00"]],
    "mon": [["09:00", "17:00"]],
    "tue": [["09:00", "17:00"]],
    "wed": [["09:00", "17:00"]],
    "thu": [["09:00", "13:00"]],
}


def test_seeding_a_year_is_idempotent_and_keeps_official_dates(admin_api: ApiClient) -> None:
    from hamdel.policies.calendars.services import calendar_holidays_seed

    pk = _create(admin_api)
    calendar = Calendar.objects.get(pk=pk)
    added = calendar_holidays_seed(calendar=calendar, years={2027})
    assert added == len([d for d in CalendarDay.objects.filter(calendar=calendar)]) > 20
    assert calendar_holidays_seed(calendar=calendar, years={2027}) == 0
    # an imported date takes over the library's row for that date (Nowruz 1407)
    upload = SimpleUploadedFile("1407.csv", "1407/01/01,نوروز ۱۴۰۷\n".encode(), "text/csv")
    admin_api.client.post(
        f"/api/v1/calendars/{pk}/holidays/import", {"file": upload}, headers=admin_api.headers
    )
    row = CalendarDay.objects.get(calendar=calendar, date=dt.date(2028, 3, 20), kind="holiday")
    assert (row.name, row.source) == ("نوروز ۱۴۰۷", "official")


def test_a_year_that_is_not_jalali_is_refused(admin_api: ApiClient) -> None:
    pk = _create(admin_api)
    for year in ("2027", "سال", ""):
        response = admin_api.get(f"/calendars/{pk}/holidays", year=year)
        assert response.status_code == 400 and response.json()["code"] == "bad_year", year
