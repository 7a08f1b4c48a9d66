"""Jalali dates and Persian digits for display; storage stays UTC with Latin digits."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime
from django.utils.translation import get_language

from hamdel.language.jalali import JALALI_MONTHS

TEHRAN = ZoneInfo("Asia/Tehran")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
FA_MONTHS = JALALI_MONTHS


def fa_digits(value: object) -> str:
    """Write digits the Persian way for Persian readers."""
    return str(value).translate(_FA_DIGITS)


def local_digits(value: object) -> str:
    """Persian digits when the active language is Persian (messages built in code, not in templates)."""
    return fa_digits(value) if (get_language() or "fa").startswith("fa") else str(value)


def amount(value: int | None, *, persian: bool = True) -> str:
    """Whole rials with thousands separators: «۱۲٬۵۰۰٬۰۰۰» in Persian, «12,500,000» otherwise."""
    if value is None:
        return ""
    text = f"{int(value):,}"
    return fa_digits(text.replace(",", "٬")) if persian else text


def latin_digits(value: str) -> str:
    """Accept numbers typed with Persian or Arabic-Indic digits."""
    return value.translate(_LATIN_DIGITS)


def to_tehran(value: dt.datetime) -> dt.datetime:
    return value.astimezone(TEHRAN)


def jalali_date(value: dt.datetime | dt.date, *, persian: bool = True) -> str:
    """«۲ آذر ۱۴۰۵» in Persian, «1405-09-02» otherwise."""
    if isinstance(value, dt.datetime):
        value = to_tehran(value)
    j = jdatetime.date.fromgregorian(date=value if not isinstance(value, dt.datetime) else value.date())
    if persian:
        return fa_digits(f"{j.day} {FA_MONTHS[j.month - 1]} {j.year}")
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def jalali_datetime(value: dt.datetime, *, persian: bool = True) -> str:
    local = to_tehran(value)
    text = (
        f"{jalali_date(local, persian=persian)}، {local:%H:%M}"
        if persian
        else (f"{jalali_date(local, persian=False)} {local:%H:%M}")
    )
    return fa_digits(text) if persian else text


def relative_time(value: dt.datetime, now: dt.datetime, *, persian: bool = True) -> str:
    """Short ages for lists: «۵ دقیقه پیش», falling back to the Jalali date after a week."""
    seconds = max(0, int((now - value).total_seconds()))
    if seconds < 60:
        text = "لحظاتی پیش" if persian else "just now"
    elif seconds < 3600:
        text = f"{seconds // 60} دقیقه پیش" if persian else f"{seconds // 60} min ago"
    elif seconds < 86400:
        text = f"{seconds // 3600} ساعت پیش" if persian else f"{seconds // 3600} h ago"
    elif seconds < 7 * 86400:
        text = f"{seconds // 86400} روز پیش" if persian else f"{seconds // 86400} d ago"
    else:
        return jalali_date(value, persian=persian)
    return fa_digits(text) if persian else text
