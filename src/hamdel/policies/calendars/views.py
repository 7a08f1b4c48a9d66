"""Calendar settings pages: the list, one calendar (weekly hours and exceptions), the year's holidays.

Thin: parse the form, call one action, show its refusal beside the field it names.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from hamdel.core.calendar import DAY_KEYS, CalendarError, parse_spans
from hamdel.core.errors import ApplicationError
from hamdel.core.models import Calendar
from hamdel.core.permissions import Perm, requires
from hamdel.core.persian import fa_digits, latin_digits
from hamdel.policies.calendars import selectors, services
from hamdel.policies.calendars.dates import jalali_long, jalali_year_of

DAY_LABELS = {
    "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
    "mon": gettext_lazy("Monday"),
    "tue": gettext_lazy("Tuesday"),
    "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"),
    "fri": gettext_lazy("Friday"),
}
_HOURS_HELP = gettext_lazy("e.g. 09:00-13:00, 14:00-17:00; empty = closed")
ZONES = ("Asia/Tehran", "Asia/Dubai", "Asia/Kabul", "Europe/Istanbul", "Europe/Berlin", "UTC")


def hours_parse(text: str, *, field_name: str) -> list[list[str]]:
    """«۰۹:۰۰-۱۳:۰۰، ۱۴:۰۰ تا ۱۷:۰۰» → [["09:00","13:00"], ["14:00","17:00"]] (checked by the action)."""
    spans: list[list[str]] = []
    for part in re.split(r"[,،;؛\n]+", latin_digits(text or "")):
        part = part.strip()
        if not part:
            continue
        pieces = [p.strip() for p in re.split(r"\s*(?:-|–|—|تا|to)\s*", part) if p.strip()]
        if len(pieces) != 2:
            raise CalendarError(
                _("Write hours as 09:00-17:00, several separated by commas."),
                {field_name: "bad_span"},
                code="bad_span",
            )
        spans.append(pieces)
    return spans


def hours_text(spans: list[list[str]]) -> str:
    return fa_digits("، ".join(f"{start} تا {end}" for start, end in spans))


def _hours_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=_HOURS_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CalendarForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    timezone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        initial="Asia/Tehran",
        widget=forms.TextInput(attrs={"dir": "ltr", "list": "zones", "autocomplete": "off"}),
    )
    holidays = forms.ChoiceField(
        label=gettext_lazy("Public holidays"),
        choices=[("IR", gettext_lazy("Iran (official holidays)")), ("", gettext_lazy("None"))],
        required=False,
        initial="IR",
    )
    is_default = forms.BooleanField(label=gettext_lazy("The default calendar"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in DAY_LABELS.items():
            self.fields[key] = _hours_field(label)

    def day_fields(self) -> list[Any]:
        return [self[key] for key in DAY_KEYS]

    def weekly(self) -> dict[str, list[list[str]]] | None:
        week: dict[str, list[list[str]]] = {}
        for key in DAY_KEYS:
            try:
                week[key] = hours_parse(self.cleaned_data.get(key, ""), field_name=key)
            except CalendarError as exc:
                self.add_error(key, exc.message)
        return None if self.errors else week

    def add_service_error(self, exc: ApplicationError) -> None:
        problems = exc.extra.get("errors") or [{"field": next(iter(exc.extra), None), "message": exc.message}]
        for problem in problems:
            name = str(problem.get("field") or "").removeprefix("weekly.")
            self.add_error(name if name in self.fields else None, problem["message"])


class ExceptionForm(forms.Form):
    date = forms.CharField(
        label=gettext_lazy("Date"),
        help_text=gettext_lazy("Jalali, e.g. 1406/01/05"),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "placeholder": "۱۴۰۶/۰۱/۰۵"}),
    )
    closed = forms.BooleanField(label=gettext_lazy("Closed all day"), required=False, initial=True)
    hours = _hours_field(gettext_lazy("Or open these hours"))
    name = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)

    def add_service_error(self, exc: ApplicationError) -> None:
        problems = exc.extra.get("errors") or [{"field": next(iter(exc.extra), None), "message": exc.message}]
        for problem in problems:
            name = {"spans": "hours"}.get(str(problem.get("field")), str(problem.get("field")))
            self.add_error(name if name in self.fields else None, problem["message"])


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Official list (CSV)"),
        help_text=gettext_lazy(
            "One line per holiday: date,name; Jalali or Gregorian dates, Persian digits are fine."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def _status(form: forms.Form | None) -> int:
    return 400 if form is not None and form.errors else 200


@requires(Perm.CALENDAR_MANAGE)
def calendar_list(request: HttpRequest) -> HttpResponse:
    form = CalendarForm(request.POST or None, initial=_form_initial(None))
    if request.method == "POST" and form.is_valid():
        week = form.weekly()
        if week is not None:
            try:
                calendar = services.calendar_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    timezone=form.cleaned_data["timezone"],
                    weekly=week,
                    holidays=form.cleaned_data["holidays"] or None,
                    is_default=form.cleaned_data["is_default"],
                )
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The calendar was created."))
                return redirect("policies:calendar_edit", pk=calendar.pk)
    rows = [{"calendar": c, "week": _week_summary(c)} for c in selectors.calendar_list(actor=request.user)]
    context = {"rows": rows, "form": form, "zones": ZONES}
    return render(request, "policies/calendars/list.html", context, status=_status(form))


@requires(Perm.CALENDAR_MANAGE)
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = selectors.calendar_detail(actor=request.user, pk=pk)
    op = request.POST.get("op") if request.method == "POST" else None
    form = CalendarForm(request.POST if op == "save" else None, initial=_form_initial(calendar))
    # Own ids: the calendar form on the same page has a «name» field too.
    exception_form = ExceptionForm(request.POST if op == "exception_add" else None, auto_id="exc_%s")
    if op == "save" and form.is_valid():
        week = form.weekly()
        if week is not None:
            try:
                services.calendar_update(
                    actor=request.user,
                    calendar=calendar,
                    name=form.cleaned_data["name"],
                    timezone=form.cleaned_data["timezone"],
                    weekly=week,
                    holidays=form.cleaned_data["holidays"] or None,
                    is_default=True if form.cleaned_data["is_default"] else None,
                )
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Changes were saved."))
                return redirect("policies:calendar_edit", pk=calendar.pk)
    elif op == "exception_add" and exception_form.is_valid():
        data = exception_form.cleaned_data
        try:
            spans = [] if data["closed"] else hours_parse(data["hours"], field_name="hours")
            if not data["closed"] and not spans:
                raise CalendarError(
                    _("Give the day's hours, or tick «closed all day»."),
                    {"hours": "required"},
                    code="required",
                )
            services.calendar_exception_set(
                actor=request.user, calendar=calendar, date=data["date"], spans=spans, name=data["name"]
            )
        except ApplicationError as exc:
            exception_form.add_service_error(exc)
        else:
            messages.success(request, _("The exception was saved."))
            return redirect(reverse("policies:calendar_edit", args=[calendar.pk]) + "#exceptions")
    elif op == "exception_remove":
        try:
            services.calendar_exception_remove(
                actor=request.user, calendar=calendar, date=request.POST.get("date")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The exception was removed."))
        return redirect(reverse("policies:calendar_edit", args=[calendar.pk]) + "#exceptions")
    today = timezone.localdate()
    exceptions = [
        {
            "row": row,
            "jalali": jalali_long(row.date),
            "iso": row.date.isoformat(),
            "hours": hours_text(row.spans) if row.spans else "",
        }
        for row in selectors.calendar_exceptions(actor=request.user, pk=calendar.pk, start=today)
    ]
    context = {
        "calendar": calendar,
        "form": form,
        "exception_form": exception_form,
        "exceptions": exceptions,
        "zones": ZONES,
        "year": jalali_year_of(today),
    }
    failed = form if op == "save" else exception_form if op == "exception_add" else None
    return render(request, "policies/calendars/edit.html", context, status=_status(failed))


@requires(Perm.CALENDAR_MANAGE)
def calendar_holidays(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = selectors.calendar_detail(actor=request.user, pk=pk)
    today = timezone.localdate()
    try:
        year = selectors.parse_jalali_year(request.GET.get("year") or jalali_year_of(today))
    except CalendarError:
        year = jalali_year_of(today)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.calendar_holidays_import(
                actor=request.user, calendar=calendar, data=upload.read(services.MAX_IMPORT_BYTES + 1)
            )
        except ApplicationError as exc:
            for problem in exc.extra.get("errors") or [{"message": exc.message}]:
                form.add_error("file", problem["message"])
        else:
            messages.success(
                request,
                fa_digits(
                    _("%(n)s dates imported; %(m)s estimated dates replaced.")
                    % {"n": result.imported, "m": result.replaced_estimates}
                ),
            )
            shown = result.jalali_years[0] if result.jalali_years else year
            return redirect(reverse("policies:calendar_holidays", args=[calendar.pk]) + f"?year={shown}")
    rows = selectors.calendar_holidays(actor=request.user, pk=calendar.pk, year=year)
    context = {
        "calendar": calendar,
        "year": year,
        "year_fa": fa_digits(year),
        "prev_year": year - 1,
        "next_year": year + 1,
        "rows": rows,
        "estimated": sum(1 for r in rows if r.estimated),
        "form": form,
        "today": today,
    }
    return render(request, "policies/calendars/holidays.html", context, status=_status(form))


def _form_initial(calendar: Calendar | None) -> dict[str, Any]:
    from hamdel.core.calendar import DEFAULT_WEEKLY

    weekly = calendar.weekly if calendar else DEFAULT_WEEKLY
    initial: dict[str, Any] = {key: hours_text(weekly.get(key, [])) for key in DAY_KEYS}
    if calendar is not None:
        initial |= {
            "name": calendar.name,
            "timezone": calendar.timezone,
            "holidays": calendar.holidays or "",
            "is_default": calendar.is_default,
        }
    return initial


def _week_summary(calendar: Calendar) -> list[dict[str, str]]:
    days = []
    for key in DAY_KEYS:
        spans = calendar.weekly.get(key) or []
        try:
            parse_spans(spans)
        except CalendarError:  # pragma: no cover - stored weeks were checked by the action
            spans = []
        days.append(
            {
                "label": str(DAY_LABELS[key]),
                "hours": hours_text(spans) if spans else pgettext("opening hours", "closed"),
            }
        )
    return days


def settings_section() -> Any:
    from hamdel.core.slots import NavItem

    return NavItem(
        key="calendars",
        label=gettext_lazy("Business calendars"),
        url_name="policies:calendar_list",
        order=60,
        perm=Perm.CALENDAR_MANAGE,
        current=("policies:calendar_list", "policies:calendar_edit", "policies:calendar_holidays"),
    )
