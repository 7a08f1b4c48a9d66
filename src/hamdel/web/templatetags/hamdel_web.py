"""Display helpers for conversations: event sentences, labels of choices, CSS classes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from hamdel.conversations.models import Channel, Message, Priority, Status

register = template.Library()

CHANNEL_ICONS = {
    "email": "✉",
    "chat": "💬",
    "web_form": "📝",
    "telegram": "✈",
    "bale": "🕊",
    "sms": "📱",
    "phone": "☎",
    "social": "#",
    "walk_in": "🚶",
    "api": "⚙",
}


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.filter
def status_label(value: str) -> str:
    return _label(Status, value)


@register.filter
def priority_label(value: str) -> str:
    return _label(Priority, value)


@register.filter
def channel_label(value: str) -> str:
    return _label(Channel, value)


@register.filter
def channel_icon(value: str) -> str:
    return CHANNEL_ICONS.get(value, "•")


@register.filter
def event_text(message: Message) -> str:
    """One sentence per timeline event, in the reader's language."""
    meta = message.meta or {}
    who = message.author.name if message.author else _("Hamdel")
    event = meta.get("event")
    if event == "status":
        return _("%(who)s changed the status from %(old)s to %(new)s") % {
            "who": who,
            "old": status_label(meta.get("old", "")),
            "new": status_label(meta.get("new", "")),
        }
    if event == "priority":
        text = _("%(who)s changed the priority from %(old)s to %(new)s") % {
            "who": who,
            "old": priority_label(meta.get("old", "")),
            "new": priority_label(meta.get("new", "")),
        }
        return f"{text} ({meta['reason']})" if meta.get("reason") else text
    if event == "assignee":
        if meta.get("new"):
            return _("%(who)s assigned the conversation to %(new)s") % {"who": who, "new": meta["new"]}
        return _("%(who)s unassigned the conversation") % {"who": who}
    if event == "team":
        if meta.get("new"):
            return _("%(who)s moved the conversation to team %(new)s") % {"who": who, "new": meta["new"]}
        return _("%(who)s removed the team") % {"who": who}
    if event == "tags":
        parts = []
        if meta.get("added"):
            parts.append(_("added tags: %(tags)s") % {"tags": "، ".join(meta["added"])})
        if meta.get("removed"):
            parts.append(_("removed tags: %(tags)s") % {"tags": "، ".join(meta["removed"])})
        return f"{who}: " + "؛ ".join(parts)
    if event == "reopened":
        return _("The customer wrote again; the conversation was reopened")
    return meta.get("text") or event or ""
