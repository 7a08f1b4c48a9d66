"""`{% sla_cell due state as cell %}`: the inbox time left (or overdue) and its colour, in Persian digits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.core.templatetags.hamdel import digits

register = template.Library()


def duration_text(minutes: int) -> str:
    """«۲ ساعت و ۵ دقیقه», «۳ روز و ۴ ساعت», «۱۲ دقیقه»: two units at most."""
    minutes = max(0, minutes)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        text = _("%(d)s d %(h)s h") % {"d": days, "h": hours} if hours else _("%(d)s d") % {"d": days}
    elif hours:
        text = _("%(h)s h %(m)s min") % {"h": hours, "m": mins} if mins else _("%(h)s h") % {"h": hours}
    else:
        text = _("%(m)s min") % {"m": mins}
    return digits(text)


@register.simple_tag
def sla_cell(due: dt.datetime | None, state: str | None, now: dt.datetime | None = None) -> dict[str, Any]:
    """What the inbox cell shows: the state decides the words; a due moment already past is overdue."""
    now = now or timezone.now()
    if state == "paused":
        return {"css": "paused", "text": _("SLA paused")}
    if due is None:
        if state == "breached":
            return {"css": "breached", "text": _("SLA missed")}
        return {"css": "met", "text": _("SLA met")} if state == "met" else {"css": "none", "text": ""}
    minutes = int((due - now).total_seconds() // 60)
    if minutes < 0 or state == "breached":
        return {"css": "breached", "text": _("%(t)s overdue") % {"t": duration_text(-minutes)}}
    css = "warning" if state == "warning" else "ok"
    return {"css": css, "text": _("%(t)s left") % {"t": duration_text(minutes)}}
