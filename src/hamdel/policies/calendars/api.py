"""Calendars API: calendars, business-time arithmetic, holidays, exceptions, the official holiday list.

Thin: parse, call one action (or selector) as the key's user, render. Values that a person may get wrong
(times, zones, dates, minutes) travel as plain strings and are checked by the action, so a refusal is a
Persian 400 naming the field, never a 500 and never half-written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from hamdel.core.api_types import DbId
from hamdel.core.calendar import DAY_KEYS
from hamdel.core.models import Calendar, CalendarDay
from hamdel.policies.calendars import selectors, services
from hamdel.policies.calendars.dates import jalali_iso

router = Router(tags=["calendars"])


class CalendarIn(Schema):
    name: Any = Field(None, description="shown to staff, e.g. «ساعات کاری دفتر مرکزی»")
    timezone: str | None = Field(None, description="IANA zone; default Asia/Tehran")
    weekly: Any = Field(
        None,
        description='{"sat": [["09:00","17:00"]], …, "fri": []}; default Sat–Wed 9–17, Thu 9–13, Fri closed',
    )
    holidays: str | None = Field("IR", description='"IR" (Iranian public holidays) or null')
    is_default: bool = False


class CalendarPatch(Schema):
    name: str | None = None
    timezone: str | None = None
    weekly: Any = None
    holidays: str | None = Field(None, description='"IR", null (none), or leave out to keep')
    is_default: bool | None = None


class CalendarCreated(Schema):
    id: int


class CalendarOut(Schema):
    id: int
    name: str
    timezone: str
    weekly: dict[str, list[list[str]]]
    holidays: str | None
    is_default: bool

    @staticmethod
    def resolve_weekly(obj: Calendar) -> dict[str, list[list[str]]]:
        return {key: obj.weekly.get(key, []) for key in DAY_KEYS}


class DueOut(Schema):
    due: str = Field(..., description="ISO-8601 with the calendar's offset")


class HolidayOut(Schema):
    date: dt.date
    jalali: str
    name: str
    estimated: bool


class ExceptionIn(Schema):
    date: Any = Field(None, description="2027-03-25 or 1406-01-05 (Jalali); Persian digits are fine")
    spans: Any = Field(None, description='[] closes the day; [["09:00","12:00"]] other hours')
    name: str = ""


class ExceptionOut(Schema):
    id: int
    date: dt.date
    jalali: str
    spans: list[list[str]]
    name: str

    @staticmethod
    def resolve_jalali(obj: CalendarDay) -> str:
        return jalali_iso(obj.date)


class HolidayImportOut(Schema):
    imported: int
    replaced_estimates: int
    jalali_years: list[int]


@router.post("/calendars", response={201: CalendarCreated})
def create_calendar(request: HttpRequest, body: CalendarIn) -> tuple[int, dict[str, int]]:
    calendar = services.calendar_create(actor=request.user, **body.dict())
    return 201, {"id": calendar.pk}


@router.get("/calendars", response=list[CalendarOut])
def list_calendars(request: HttpRequest) -> Any:
    return selectors.calendar_list(actor=request.user)


@router.get("/calendars/{calendar_id}", response=CalendarOut)
def get_calendar(request: HttpRequest, calendar_id: DbId) -> Calendar:
    return selectors.calendar_detail(actor=request.user, pk=calendar_id)


@router.patch("/calendars/{calendar_id}", response=CalendarOut)
def update_calendar(request: HttpRequest, calendar_id: DbId, body: CalendarPatch) -> Calendar:
    calendar = selectors.calendar_detail(actor=request.user, pk=calendar_id)
    data = body.dict(exclude_unset=True)
    if "holidays" not in data:
        data["holidays"] = services._UNSET
    return services.calendar_update(actor=request.user, calendar=calendar, **data)


@router.get("/calendars/{calendar_id}/add", response=DueOut)
def add_minutes(request: HttpRequest, calendar_id: DbId, start: str, minutes: str) -> dict[str, str]:
    due = selectors.calendar_due(actor=request.user, pk=calendar_id, start=start, minutes=minutes)
    return {"due": due.isoformat()}


@router.get("/calendars/{calendar_id}/holidays", response=list[HolidayOut])
def list_holidays(request: HttpRequest, calendar_id: DbId, year: str) -> Any:
    return selectors.calendar_holidays(actor=request.user, pk=calendar_id, year=year)


@router.post("/calendars/{calendar_id}/holidays/import", response=HolidayImportOut)
def import_holidays(request: HttpRequest, calendar_id: DbId, file: File[UploadedFile]) -> Any:
    calendar = selectors.calendar_detail(actor=request.user, pk=calendar_id)
    data = file.read(services.MAX_IMPORT_BYTES + 1)
    return services.calendar_holidays_import(actor=request.user, calendar=calendar, data=data)


@router.get("/calendars/{calendar_id}/exceptions", response=list[ExceptionOut])
def list_exceptions(request: HttpRequest, calendar_id: DbId) -> Any:
    return selectors.calendar_exceptions(actor=request.user, pk=calendar_id)


@router.post("/calendars/{calendar_id}/exceptions", response={201: ExceptionOut})
def add_exception(request: HttpRequest, calendar_id: DbId, body: ExceptionIn) -> tuple[int, CalendarDay]:
    calendar = selectors.calendar_detail(actor=request.user, pk=calendar_id)
    row = services.calendar_exception_set(
        actor=request.user, calendar=calendar, date=body.date, spans=body.spans, name=body.name
    )
    return 201, row


@router.delete("/calendars/{calendar_id}/exceptions/{date}", response={204: None})
def remove_exception(request: HttpRequest, calendar_id: DbId, date: str) -> tuple[int, None]:
    calendar = selectors.calendar_detail(actor=request.user, pk=calendar_id)
    services.calendar_exception_remove(actor=request.user, calendar=calendar, date=date)
    return 204, None
