"""Display helpers for conversations: event sentences, labels of choices, CSS classes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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


EMOTIONS = {
    "anger": ("😠", _lazy("Anger")),
    "sadness": ("😢", _lazy("Sadness")),
    "fear": ("😟", _lazy("Worry")),
    "joy": ("😊", _lazy("Joy")),
    "surprise": ("😮", _lazy("Surprise")),
    "disgust": ("😒", _lazy("Contempt")),
    "neutral": ("😐", _lazy("Neutral")),
}
SENTIMENTS = {
    "very_negative": _lazy("Very negative"),
    "negative": _lazy("Negative"),
    "neutral": _lazy("Neutral"),
    "positive": _lazy("Positive"),
    "very_positive": _lazy("Very positive"),
}
INTENTS = {
    "order_status": _lazy("Order status"),
    "delivery_delay": _lazy("Late delivery"),
    "damaged_or_defective": _lazy("Damaged or defective"),
    "wrong_or_missing_item": _lazy("Wrong or missing item"),
    "return_or_refund": _lazy("Return or refund"),
    "cancellation": _lazy("Cancellation"),
    "billing_payment": _lazy("Billing and payment"),
    "pricing": _lazy("Pricing"),
    "account_access": _lazy("Account access"),
    "technical_problem": _lazy("Technical problem"),
    "staff_behavior": _lazy("Staff behaviour"),
    "product_question": _lazy("Product question"),
    "praise": _lazy("Praise"),
    "suggestion": _lazy("Suggestion"),
    "service_quality": _lazy("Service quality"),
    "other": _lazy("Other"),
}
URGENCIES = {"low": _lazy("Not urgent"), "normal": _lazy("Normal urgency"), "high": _lazy("Urgent")}


@register.filter
def emotion_icon(value: str) -> str:
    return EMOTIONS.get(value, ("", ""))[0]


@register.filter
def emotion_label(value: str) -> str:
    return str(EMOTIONS[value][1]) if value in EMOTIONS else value


@register.filter
def sentiment_label(value: str) -> str:
    return str(SENTIMENTS.get(value, value))


@register.filter
def intent_label(value: str) -> str:
    return str(INTENTS.get(value, value))


@register.simple_tag
def label_choices(field: str) -> list[tuple[str, str]]:
    """The values an agent may pick when correcting a label, with their names."""
    names = {"sentiment": SENTIMENTS, "intent": INTENTS, "urgency": URGENCIES}
    if field == "emotion":
        return [(k, f"{icon} {label}") for k, (icon, label) in EMOTIONS.items()]
    if field in ("abusive", "churn_risk"):
        return [("true", str(_lazy("Yes"))), ("false", str(_lazy("No")))]
    return [(k, str(v)) for k, v in names[field].items()]


@register.filter
def analysis_fields(analysis: object) -> list[tuple[str, str]]:
    """The correctable labels of an analysis as (field, value) with booleans as 'true'/'false'."""
    out = []
    for field in ("sentiment", "emotion", "intent", "urgency", "abusive", "churn_risk"):
        value = getattr(analysis, field)
        out.append((field, str(value).lower() if isinstance(value, bool) else value))
    return out
