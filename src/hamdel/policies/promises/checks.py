"""The composer check: a promise without a time («به‌زودی») is flagged with a concrete rewording."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.core.calendar import calendar_get
from hamdel.core.persian import fa_digits
from hamdel.core.slots import Finding
from hamdel.language.promises import find_promises

WEEKDAY_NAMES = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه", "شنبه", "یکشنبه"]
SUGGESTED_HOUR = 12


def suggested_time(now: dt.datetime) -> str:
    """«تا فردا ساعت ۱۲» when tomorrow is a working day, else the next working day by name."""
    cal = calendar_get()
    today = now.astimezone(cal.tz).date()
    day = cal.add_working_days(today, 1)
    name = "فردا" if day == today + dt.timedelta(days=1) else WEEKDAY_NAMES[day.weekday()]
    return f"تا {name} ساعت {fa_digits(SUGGESTED_HOUR)}"


def vague_promises(draft: str, conversation: Any) -> list[Finding]:
    """One finding per vague promise: the sentence's span, and the sentence with a concrete time instead."""
    findings = []
    for mention in find_promises(draft):
        if not mention.when.is_vague:
            continue
        before = draft[mention.start : mention.when_start]
        after = draft[mention.when_end : mention.end]
        when = suggested_time(timezone.now())
        if before.rstrip().endswith("تا"):  # «تا اولین فرصت» → «تا فردا ساعت ۱۲», not «تا تا …»
            when = when.removeprefix("تا ")
        suggestion = f"{before}{when}{after}".strip()
        findings.append(
            Finding(
                code="vague_promise",
                message=_("«%(phrase)s» gives the customer no time to hold us to. Say when, and keep it.")
                % {"phrase": mention.when_text},
                start=mention.start,
                end=mention.end,
                suggestion=suggestion,
            )
        )
    return findings
