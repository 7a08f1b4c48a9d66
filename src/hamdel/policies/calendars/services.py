"""Calendar actions: create and change calendars, exceptions, the official holiday list.

Each action: require(CALENDAR_MANAGE) → validate the whole request (every bad field named) → one
transaction (the calendar row locked) → a new stamp (so `calendar_get` in every process rebuilds) →
CalendarChanged on commit. The library's holidays are seeded per Gregorian year the first time a year is
needed (`calendar_holidays_seed`, idempotent); until then the arithmetic reads the library directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.core.audit import audit
from hamdel.core.calendar import (
    DEFAULT_TIMEZONE,
    DEFAULT_WEEKLY,
    CalendarError,
    format_spans,
    library_holidays,
    parse_spans,
    parse_timezone,
    parse_weekly,
)
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.events import publish
from hamdel.core.models import Calendar, CalendarDay
from hamdel.core.permissions import Perm, require
from hamdel.policies.calendars.dates import jalali_year_of, jalali_year_range, parse_day
from hamdel.policies.calendars.events import CalendarChanged

COUNTRIES = {"IR"}
MAX_IMPORT_ROWS = 400
MAX_IMPORT_BYTES = 200_000
_UNSET: Any = object()


class _Errors:
    """Collects every bad field of one request, then refuses it as a whole."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.codes: dict[str, Any] = {}

    def check(self, field_name: str, parse: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(*args, **kwargs)
        except CalendarError as exc:
            named = next((str(k) for k in exc.extra if str(k).startswith(field_name)), field_name)
            self.add(named, exc.message, exc.code)
            return None

    def add(self, field_name: str, message: str, code: str) -> None:
        self.items.append({"field": field_name, "message": message, "code": code})
        self.codes[field_name] = code

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            message = first["message"] if len(self.items) == 1 else " ".join(i["message"] for i in self.items)
            raise ApplicationError(message, {**self.codes, "errors": self.items}, code=first["code"])


def _name(errors: _Errors, value: Any) -> str:
    name = str(value or "").strip()
    if not name:
        errors.add("name", _("A calendar needs a name."), "required")
    elif len(name) > 120:
        errors.add("name", _("The name is longer than 120 characters."), "too_long")
    return name


def _country(errors: _Errors, value: Any) -> str | None:
    if value in (None, ""):
        return None
    country = str(value).strip().upper()
    if country not in COUNTRIES:
        errors.add(
            "holidays", _('Public holidays are known for Iran only ("IR") or none (null).'), "bad_country"
        )
    return country


def _weekly_json(value: Any) -> dict[str, list[list[str]]]:
    week = parse_weekly(value)
    from hamdel.core.calendar import DAY_KEYS

    return {key: format_spans(week[weekday]) for key, weekday in DAY_KEYS.items()}


def _touch(calendar: Calendar, *fields: str) -> None:
    calendar.stamp = uuid.uuid4().hex
    calendar.save(update_fields=[*fields, "stamp", "updated_at"])
    calendar_id = calendar.pk
    publish(CalendarChanged(calendar_id=calendar_id))


def calendar_create(
    *,
    actor: Any,
    name: str,
    timezone: str | None = None,
    weekly: Any = None,
    holidays: str | None = "IR",
    is_default: bool = False,
) -> Calendar:
    """A new calendar; left out: Tehran, Saturday–Wednesday 9–17 and Thursday 9–13, Iranian holidays."""
    require(actor, Perm.CALENDAR_MANAGE)
    errors = _Errors()
    clean_name = _name(errors, name)
    zone = errors.check("timezone", parse_timezone, timezone or DEFAULT_TIMEZONE)
    week = errors.check("weekly", _weekly_json, DEFAULT_WEEKLY if weekly is None else weekly)
    country = _country(errors, holidays)
    errors.raise_if_any()
    with transaction.atomic():
        if is_default:
            Calendar.objects.select_for_update(of=("self",)).filter(is_default=True).update(is_default=False)
        calendar = Calendar.objects.create(
            name=clean_name, timezone=zone.key, weekly=week, holidays=country, is_default=bool(is_default)
        )
        audit(actor=actor, action="calendar.create", target=f"calendar:{calendar.pk}", name=clean_name)
        publish(CalendarChanged(calendar_id=calendar.pk))
    return calendar


def calendar_update(
    *,
    actor: Any,
    calendar: Calendar,
    name: str | None = None,
    timezone: str | None = None,
    weekly: Any = None,
    holidays: Any = _UNSET,
    is_default: bool | None = None,
) -> Calendar:
    """Change what is given (None = keep); `holidays=None` stops the library's holidays for new years."""
    require(actor, Perm.CALENDAR_MANAGE)
    errors = _Errors()
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _name(errors, name)
    if timezone is not None:
        zone = errors.check("timezone", parse_timezone, timezone)
        changes["timezone"] = zone.key if zone else None
    if weekly is not None:
        changes["weekly"] = errors.check("weekly", _weekly_json, weekly)
    if holidays is not _UNSET:
        changes["holidays"] = _country(errors, holidays)
    if is_default is False and calendar.is_default:
        errors.add("is_default", _("Make another calendar the default instead."), "default_needed")
    errors.raise_if_any()
    with transaction.atomic():
        locked = Calendar.objects.select_for_update(of=("self",)).get(pk=calendar.pk)
        if is_default and not locked.is_default:
            Calendar.objects.filter(is_default=True).update(is_default=False)
            changes["is_default"] = True
        if "holidays" in changes and changes["holidays"] != locked.holidays:
            # Another country, or none: the library's rows go; the new country's are seeded when needed.
            CalendarDay.objects.filter(calendar=locked, source=CalendarDay.Source.LIBRARY).delete()
            changes["seeded_years"] = []
        for key, value in changes.items():
            setattr(locked, key, value)
        _touch(locked, *changes)
        audit(actor=actor, action="calendar.update", target=f"calendar:{locked.pk}", fields=sorted(changes))
    return locked


def calendar_exception_set(
    *, actor: Any, calendar: Calendar, date: Any, spans: Any, name: str = ""
) -> CalendarDay:
    """Give one date other hours (`spans`), or close it (`[]`); replaces that date's earlier exception."""
    require(actor, Perm.CALENDAR_MANAGE)
    errors = _Errors()
    day = errors.check("date", parse_day, date)
    clean = errors.check("spans", parse_spans, spans if spans is not None else [])
    if spans is None:
        errors.add("spans", _("Give the day's hours, or an empty list to close it."), "required")
    label = str(name or "").strip()
    if len(label) > 200:
        errors.add("name", _("The name is longer than 200 characters."), "too_long")
    errors.raise_if_any()
    with transaction.atomic():
        locked = Calendar.objects.select_for_update(of=("self",)).get(pk=calendar.pk)
        row, _created = CalendarDay.objects.update_or_create(
            calendar=locked,
            date=day,
            kind=CalendarDay.Kind.EXCEPTION,
            defaults={
                "spans": format_spans(clean or ()),
                "name": label,
                "source": CalendarDay.Source.MANUAL,
                "estimated": False,
            },
        )
        _touch(locked)
        audit(
            actor=actor,
            action="calendar.exception_set",
            target=f"calendar:{locked.pk}",
            date=str(day),
            spans=row.spans,
        )
    return row


def calendar_exception_remove(*, actor: Any, calendar: Calendar, date: Any) -> None:
    """Remove a date's exception: the day goes back to its week (or its holiday)."""
    require(actor, Perm.CALENDAR_MANAGE)
    day = parse_day(date)
    with transaction.atomic():
        locked = Calendar.objects.select_for_update(of=("self",)).get(pk=calendar.pk)
        deleted, _kinds = CalendarDay.objects.filter(calendar=locked, date=day, kind="exception").delete()
        if not deleted:
            raise NotFound(_("There is no exception on this date."), {"date": str(day)}, code="not_found")
        _touch(locked)
        audit(actor=actor, action="calendar.exception_remove", target=f"calendar:{locked.pk}", date=str(day))


def calendar_holidays_seed(*, calendar: Calendar, years: list[int] | set[int]) -> int:
    """Store the library's holidays of these Gregorian years once (Hamdel's own work, idempotent).

    A date that already has a holiday (imported from the official list, or entered by hand) keeps it.
    Returns how many rows were added.
    """
    if not calendar.holidays:
        return 0
    wanted = {int(y) for y in years} - {int(y) for y in calendar.seeded_years or []}
    if not wanted:
        return 0
    with transaction.atomic():
        locked = Calendar.objects.select_for_update(of=("self",)).get(pk=calendar.pk)
        added = _seed_locked(locked, wanted)
    calendar.seeded_years, calendar.stamp = locked.seeded_years, locked.stamp
    return added


def _seed_locked(locked: Calendar, years: set[int]) -> int:
    """Seed inside the caller's transaction, the calendar row already locked."""
    if not locked.holidays:
        return 0
    missing = sorted({int(y) for y in years} - {int(y) for y in locked.seeded_years or []})
    if not missing:
        return 0
    taken = set(
        CalendarDay.objects.filter(calendar=locked, kind="holiday", date__year__in=missing).values_list(
            "date", flat=True
        )
    )
    rows = [
        CalendarDay(
            calendar=locked,
            date=day,
            kind=CalendarDay.Kind.HOLIDAY,
            spans=[],
            name=name,
            estimated=estimated,
            source=CalendarDay.Source.LIBRARY,
        )
        for year in missing
        for day, (name, estimated) in library_holidays(locked.holidays, year).items()
        if day not in taken
    ]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    locked.seeded_years = sorted({*(int(y) for y in locked.seeded_years or []), *missing})
    _touch(locked, "seeded_years")
    return len(rows)


@dataclass
class ImportResult:
    imported: int = 0
    replaced_estimates: int = 0
    jalali_years: list[int] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)


def parse_holiday_csv(data: bytes | str) -> list[tuple[dt.date, str]]:
    """Rows «date,name» of the official list (header optional; dates Jalali or Gregorian, Persian digits ok).

    Every bad line is named; nothing is returned half-read.
    """
    errors = _Errors()
    if isinstance(data, bytes):
        if len(data) > MAX_IMPORT_BYTES:
            errors.add("file", _("The file is larger than 200 KB."), "too_large")
            errors.raise_if_any()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.add(
                "file", _("The file is not UTF-8 text (save the sheet as «CSV UTF-8»)."), "bad_encoding"
            )
            errors.raise_if_any()
            raise  # pragma: no cover
    else:
        text = data.removeprefix("\ufeff")
    sample = text[:2000]
    delimiter = (
        "\t"
        if "\t" in sample and "," not in sample
        else ("؛" if "؛" in sample and "," not in sample else ",")
    )
    if ";" in sample and "," not in sample and "\t" not in sample:
        delimiter = ";"
    rows: list[tuple[dt.date, str]] = []
    seen: dict[dt.date, int] = {}
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower().strip("\ufeff") in {"date", "تاریخ", "day", "روز"}:
            continue
        try:
            day = parse_day(cells[0], field_name=f"line {number}")
        except CalendarError as exc:
            errors.add(
                f"line {number}",
                _("Line %(n)s: %(problem)s") % {"n": number, "problem": exc.message},
                "bad_date",
            )
            continue
        if day in seen:
            errors.add(
                f"line {number}",
                _("Line %(n)s repeats the date of line %(m)s.") % {"n": number, "m": seen[day]},
                "duplicate_date",
            )
            continue
        seen[day] = number
        rows.append((day, (cells[1] if len(cells) > 1 else "")[:200]))
    if not rows and not errors.items:
        errors.add("file", _("The file has no dates."), "empty")
    if len(rows) > MAX_IMPORT_ROWS:
        errors.add("file", _("The file has more than %(n)s dates.") % {"n": MAX_IMPORT_ROWS}, "too_many")
    errors.raise_if_any()
    return rows


def calendar_holidays_import(*, actor: Any, calendar: Calendar, data: bytes | str) -> ImportResult:
    """Import the official yearly list: each date becomes an official holiday, and for each Jalali year in
    the file the library's *estimated* holidays the list does not confirm are removed (the official list
    decides the lunar dates). Certain library holidays (Nowruz, fixed solar dates) stay.
    """
    require(actor, Perm.CALENDAR_MANAGE)
    rows = parse_holiday_csv(data)
    result = ImportResult()
    imported_dates = {day for day, _name in rows}
    result.jalali_years = sorted({jalali_year_of(day) for day in imported_dates})
    with transaction.atomic():
        locked = Calendar.objects.select_for_update(of=("self",)).get(pk=calendar.pk)
        ranges = [jalali_year_range(year) for year in result.jalali_years]
        # Seed first: a year seeded after the import would bring the estimates back.
        _seed_locked(locked, {y for first, last in ranges for y in (first.year, last.year)})
        for first, last in ranges:
            stale = CalendarDay.objects.filter(
                calendar=locked,
                kind="holiday",
                source=CalendarDay.Source.LIBRARY,
                estimated=True,
                date__range=(first, last),
            ).exclude(date__in=imported_dates)
            result.replaced_estimates += stale.count()
            stale.delete()
        for day, name in rows:
            existing = CalendarDay.objects.filter(calendar=locked, date=day, kind="holiday").first()
            CalendarDay.objects.update_or_create(
                calendar=locked,
                date=day,
                kind=CalendarDay.Kind.HOLIDAY,
                defaults={
                    "spans": [],
                    "name": name or (existing.name if existing else ""),
                    "estimated": False,
                    "source": CalendarDay.Source.OFFICIAL,
                },
            )
        result.imported = len(rows)
        result.dates = sorted(imported_dates)
        _touch(locked)
        audit(
            actor=actor,
            action="calendar.holidays_import",
            target=f"calendar:{locked.pk}",
            imported=result.imported,
            replaced_estimates=result.replaced_estimates,
            jalali_years=result.jalali_years,
        )
    return result
