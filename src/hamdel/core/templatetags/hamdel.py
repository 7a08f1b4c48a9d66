"""Template filters for Jalali dates and Persian digits, chosen by the active language."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone, translation

from hamdel.core import persian

register = template.Library()


def _is_fa() -> bool:
    return (translation.get_language() or "fa").startswith("fa")


@register.filter
def digits(value: object) -> str:
    return persian.fa_digits(value) if _is_fa() else str(value)


@register.filter
def jdate(value: dt.datetime | None) -> str:
    return persian.jalali_date(value, persian=_is_fa()) if value else ""


@register.filter
def jdatetime(value: dt.datetime | None) -> str:
    return persian.jalali_datetime(value, persian=_is_fa()) if value else ""


@register.filter
def ago(value: dt.datetime | None) -> str:
    return persian.relative_time(value, timezone.now(), persian=_is_fa()) if value else ""


@register.filter
def isoformat(value: dt.datetime | None) -> str:
    return value.isoformat() if value else ""


@register.filter
def pretty_json(value: object) -> str:
    """JSON as people read it (Persian letters as they are), for the audit log's before/after."""
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str, separators=(", ", ": "))
