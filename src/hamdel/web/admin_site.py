"""The Django admin in the reader's calendar: Jalali dates (Tehran time, Persian digits) everywhere.

Every ModelAdmin registered on the site - ours, Django's and any future app's - is wrapped once at
registration, so no admin.py has to remember it: date and time columns, read-only date fields and date
inputs show and accept Jalali dates. The templates in web/templates/admin/ add the font and the digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import jdatetime
from django import forms
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hamdel.core import persian

INVALID = _("Enter a Jalali date like 1405/09/12 (and a time like 14:30).")
_JALALI = re.compile(
    r"^\s*(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[\sT،,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


def _is_fa() -> bool:
    return (translation.get_language() or "fa").startswith("fa")


def _parse_jalali(value: str) -> tuple[dt.date, dt.time | None]:
    """«۱۴۰۵/۰۹/۱۲ ۱۴:۳۰» (Persian or Latin digits) into a Gregorian date and an optional time."""
    match = _JALALI.match(persian.latin_digits(value))
    if not match:
        raise ValidationError(INVALID, code="invalid")
    year, month, day, hour, minute, second = match.groups()
    if not 1300 <= int(year) <= 1600:  # 2026/12/03 is a Gregorian date typed by habit, not the year 2026 AP
        raise ValidationError(INVALID, code="invalid")
    try:
        date = jdatetime.date(int(year), int(month), int(day)).togregorian()
        time = dt.time(int(hour), int(minute), int(second or 0)) if hour is not None else None
    except ValueError as exc:
        raise ValidationError(_("This date does not exist in the Jalali calendar."), code="invalid") from exc
    return date, time


def _show_date(value: dt.date) -> str:
    j = jdatetime.date.fromgregorian(date=value)
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return persian.fa_digits(text) if _is_fa() else text


class JalaliDateField(forms.DateField):
    """A date typed and shown in the Jalali calendar."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return _parse_jalali(str(value))[0]

    def prepare_value(self, value: Any) -> Any:
        return _show_date(value) if isinstance(value, dt.date) else value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "placeholder": persian.fa_digits("1405/09/12"), "dir": "ltr"}


class JalaliDateTimeField(forms.DateTimeField):
    """A moment typed and shown as a Jalali date and a Tehran wall-clock time."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        date, time = _parse_jalali(str(value))
        return dt.datetime.combine(date, time or dt.time(0, 0), tzinfo=persian.TEHRAN)

    def prepare_value(self, value: Any) -> Any:
        if not isinstance(value, dt.datetime):
            return value
        local = persian.to_tehran(value) if timezone.is_aware(value) else value
        text = f"{_show_date(local.date())} {local:%H:%M}"
        return persian.fa_digits(text) if _is_fa() else text

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {
            **super().widget_attrs(widget),
            "placeholder": persian.fa_digits("1405/09/12 14:30"),
            "dir": "ltr",
        }


def _date_fields(model: type[models.Model]) -> dict[str, models.Field]:
    return {
        f.name: f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.DateTimeField, models.DateField))
    }


def _display(field: models.Field) -> Callable[[Any, models.Model], str | None]:
    """A column or read-only field showing `field` in the Jalali calendar, sortable like the field."""

    @admin.display(description=field.verbose_name, ordering=field.name)
    def show(model_admin: Any, obj: models.Model) -> str | None:
        value = getattr(obj, field.name)
        if value is None:
            return None  # the admin's empty value, «-»
        if isinstance(value, dt.datetime):
            return persian.jalali_datetime(value, persian=_is_fa())
        return persian.jalali_date(value, persian=_is_fa())

    return show


def _renamed(names: Iterable[Any], mapping: dict[str, str]) -> list[Any]:
    out: list[Any] = []
    for name in names:
        if isinstance(name, (list, tuple)):
            out.append(type(name)(_renamed(name, mapping)))
        else:
            out.append(mapping.get(name, name) if isinstance(name, str) else name)
    return out


class JalaliAdminMixin:
    """Date columns, read-only dates and date inputs of one ModelAdmin or inline in the Jalali calendar."""

    model: type[models.Model]
    _jalali_columns: dict[str, str] = {}

    def _view_only(self, request: Any, obj: Any) -> bool:
        """The admin shows every field read-only to whom may only view the object."""
        return obj is not None and not self.has_change_permission(request, obj)  # type: ignore[attr-defined]

    def _readonly_dates(self, request: Any, obj: Any) -> dict[str, str]:
        readonly = set(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        fields = _date_fields(self.model)
        view_only = self._view_only(request, obj)
        return {
            name: column
            for name, column in self._jalali_columns.items()
            if view_only or name in readonly or not fields[name].editable
        }

    def get_list_display(self, request: Any) -> Sequence[Any]:
        return _renamed(super().get_list_display(request), self._jalali_columns)  # type: ignore[misc]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Sequence[Any]:
        names = _renamed(super().get_readonly_fields(request, obj), self._jalali_columns)  # type: ignore[misc]
        if self._view_only(request, obj):  # the editable dates, shown as text: in the Jalali calendar too
            fields = _date_fields(self.model)
            names += [c for n, c in self._jalali_columns.items() if fields[n].editable and c not in names]
        return names

    def get_fields(self, request: Any, obj: Any = None) -> Sequence[Any]:
        return _renamed(super().get_fields(request, obj), self._readonly_dates(request, obj))  # type: ignore[misc]

    def get_fieldsets(self, request: Any, obj: Any = None) -> list[Any]:
        mapping = self._readonly_dates(request, obj)
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        return [(title, {**opts, "fields": _renamed(opts["fields"], mapping)}) for title, opts in fieldsets]

    def formfield_for_dbfield(self, db_field: models.Field, request: Any, **kwargs: Any) -> Any:
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            return db_field.formfield(form_class=JalaliDateTimeField, widget=forms.TextInput)
        if isinstance(db_field, models.DateField) and db_field.editable:
            return db_field.formfield(form_class=JalaliDateField, widget=forms.TextInput)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


def jalali(admin_class: type[Any], model: type[models.Model]) -> type[Any]:
    """`admin_class` for `model`, with its dates and its inlines' dates in the Jalali calendar."""
    if getattr(admin_class, "_jalali_model", None) is model:
        return admin_class
    attrs: dict[str, Any] = {
        "__module__": admin_class.__module__,
        "_jalali_columns": {},
        "_jalali_model": model,
    }
    for name, field in _date_fields(model).items():
        attrs[f"jalali_{name}"] = _display(field)
        attrs["_jalali_columns"][name] = f"jalali_{name}"
    inlines = getattr(admin_class, "inlines", None)
    if inlines:
        attrs["inlines"] = [jalali(inline, inline.model) for inline in inlines]
    return type(admin_class.__name__, (JalaliAdminMixin, admin_class), attrs)


class HamdelAdminSite(admin.AdminSite):
    """The admin site: Persian titles, and every registered admin shown in the Jalali calendar."""

    site_header = _("Hamdel administration")
    site_title = _("Hamdel")
    index_title = _("Set-up")
    # Apps whose own name is not translatable (a plain string in their AppConfig).
    app_names = {"django_tasks_database": _("Background tasks")}

    def get_app_list(self, request: Any, app_label: str | None = None) -> list[dict[str, Any]]:
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            app["name"] = self.app_names.get(app["app_label"], app["name"])
        return app_list

    def register(self, model_or_iterable: Any, admin_class: type[Any] | None = None, **options: Any) -> None:
        many = not isinstance(model_or_iterable, models.base.ModelBase)
        for model in model_or_iterable if many else [model_or_iterable]:
            wrapped = jalali(admin_class or admin.ModelAdmin, model)
            super().register(model, wrapped, **options)


class HamdelAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS so `admin.site` is the HamdelAdminSite."""

    default_site = "hamdel.web.admin_site.HamdelAdminSite"
