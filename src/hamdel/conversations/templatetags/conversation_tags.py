"""Display helpers for conversations: event sentences, labels of choices, CSS classes."""

from __future__ import annotations

import contextlib
import datetime as dt

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.conversations.models import (
    ActorKind,
    ConversationEvent,
    EventType,
    Message,
    Priority,
    Status,
)
from hamdel.core import channels
from hamdel.core.persian import jalali_datetime
from hamdel.language.abuse import find, mask_abusive

register = template.Library()


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
    return channels.label(value)


@register.filter
def channel_icon(value: str) -> str:
    return channels.icon(value)


@register.filter
def delivery_label(message: Message) -> str:
    """Under a reply: «ثبت شد» (logged) on log-only channels (phone, walk-in, social), else the status."""
    delivery = message.delivery
    return channels.delivery_label(message.channel, delivery.status, delivery.get_status_display())


PROMISE_EVENTS = {
    EventType.PROMISE_MADE,
    EventType.PROMISE_CHANGED,
    EventType.PROMISE_DUE,
    EventType.PROMISE_KEPT,
    EventType.PROMISE_BROKEN,
}


def _name(value: object) -> str:
    return str(value.get("name", "")) if isinstance(value, dict) else str(value or "")


@register.filter
def event_text(event: ConversationEvent) -> str:
    """One sentence per change in the history, in the reader's language."""
    if event.actor_kind == ActorKind.CUSTOMER:
        who = event.actor_name or _("The customer")
    elif event.actor_kind == ActorKind.RULE:
        who = _("Rule «%(name)s»") % {"name": event.actor_name}
    else:
        who = event.actor_name or _("Hamdel")
    kind, old, new, data = event.type, event.old, event.new, event.data or {}
    if kind == EventType.CREATED:
        return _("%(who)s started the conversation") % {"who": who}
    if kind == EventType.REOPENED:
        if event.actor_kind == ActorKind.CUSTOMER:
            return _("The customer wrote again; the conversation was reopened")
        return _("%(who)s reopened the conversation") % {"who": who}
    if kind == EventType.STATUS_CHANGED:
        return _("%(who)s changed the status from %(old)s to %(new)s") % {
            "who": who,
            "old": status_label(str(old or "")),
            "new": status_label(str(new or "")),
        }
    if kind == EventType.PRIORITY_CHANGED:
        text = _("%(who)s changed the priority from %(old)s to %(new)s") % {
            "who": who,
            "old": priority_label(str(old or "")),
            "new": priority_label(str(new or "")),
        }
        return f"{text} ({data['reason']})" if data.get("reason") else text
    if kind == EventType.ASSIGNED:
        if data.get("auto"):
            return _("%(who)s answered and took the conversation") % {"who": who}
        if new:
            text = _("%(who)s assigned the conversation to %(new)s") % {"who": who, "new": _name(new)}
            return f"{text} ({data['reason']})" if data.get("reason") else text
        return _("%(who)s unassigned the conversation") % {"who": who}
    if kind == EventType.TEAM_CHANGED:
        if new:
            text = _("%(who)s moved the conversation to team %(new)s") % {"who": who, "new": _name(new)}
            return f"{text} ({data['reason']})" if data.get("reason") else text
        return _("%(who)s removed the team") % {"who": who}
    if kind == EventType.MESSAGE_REDACTED:
        return _("%(who)s hid the text of a message: %(reason)s") % {
            "who": who,
            "reason": data.get("reason", ""),
        }
    if kind == EventType.CUSTOMER_ERASED:
        return _("%(who)s erased the customer's personal data") % {"who": who}
    if kind == EventType.ABUSE_REVEALED:
        return _("%(who)s revealed the masked words of a customer message") % {"who": who}
    if kind == EventType.TAGGED:
        return _("%(who)s added the tag %(tag)s") % {"who": who, "tag": _name(new)}
    if kind == EventType.UNTAGGED:
        return _("%(who)s removed the tag %(tag)s") % {"who": who, "tag": _name(old)}
    if kind == EventType.SURVEY_SENT:
        return _("%(who)s sent the survey %(survey)s") % {"who": who, "survey": _name(new)}
    if kind in PROMISE_EVENTS:
        # Written by the policies app (promises); `data` carries the promise's text and due moment.
        text = _("%(who)s: %(what)s «%(text)s»") % {
            "who": who,
            "what": event.get_type_display(),
            "text": str(data.get("text", ""))[:120],
        }
        due = data.get("due")
        if isinstance(due, str) and due:
            with contextlib.suppress(ValueError):
                text += " — " + jalali_datetime(dt.datetime.fromisoformat(due))
        return text
    if kind == EventType.RETURN_UPDATED and data.get("text"):
        # policies.returns writes the sentence in the site's language when the change is made
        return f"{who}: {data['text']}"
    if kind == EventType.REMEDY_OFFERED:
        if isinstance(new, dict) and new.get("status") == "pending_approval":
            return _("%(who)s offered %(remedy)s, above their authority: it waits for approval") % {
                "who": who,
                "remedy": _name(new),
            }
        return _("%(who)s offered %(remedy)s") % {"who": who, "remedy": _name(new)}
    if kind == EventType.REMEDY_APPROVED:
        return _("%(who)s approved %(remedy)s") % {"who": who, "remedy": _name(new)}
    if kind == EventType.REMEDY_FULFILLED:
        return _("%(who)s carried out %(remedy)s") % {"who": who, "remedy": _name(new)}
    if kind == EventType.REMEDY_REJECTED:
        text = _("%(who)s rejected %(remedy)s") % {"who": who, "remedy": _name(new)}
        return f"{text} ({data['reason']})" if data.get("reason") else text
    if kind == EventType.RULE_APPLIED and isinstance(new, dict):
        # automation writes the sentence in the site's language when the rule acts: «قاعدهٔ «X»: …»
        return f"{who}: {new.get('summary') or new.get('action', '')}"
    if isinstance(new, dict) and new.get("summary"):
        # Other apps' facts (recorded with conversation_record_event) carry their own one-line summary.
        return f"{who}: {event.get_type_display()} — {new['summary']}"
    return f"{who}: {event.get_type_display()}"


EMOTIONS = {
    "anger": ("😠", gettext_lazy("Anger")),
    "sadness": ("😢", gettext_lazy("Sadness")),
    "fear": ("😟", gettext_lazy("Worry")),
    "joy": ("😊", gettext_lazy("Joy")),
    "surprise": ("😮", gettext_lazy("Surprise")),
    "disgust": ("😒", gettext_lazy("Contempt")),
    "neutral": ("😐", gettext_lazy("Neutral")),
}
SENTIMENTS = {
    "very_negative": gettext_lazy("Very negative"),
    "negative": gettext_lazy("Negative"),
    "neutral": gettext_lazy("Neutral"),
    "positive": gettext_lazy("Positive"),
    "very_positive": gettext_lazy("Very positive"),
}
INTENTS = {
    "order_status": gettext_lazy("Order status"),
    "delivery_delay": gettext_lazy("Late delivery"),
    "damaged_or_defective": gettext_lazy("Damaged or defective"),
    "wrong_or_missing_item": gettext_lazy("Wrong or missing item"),
    "return_or_refund": gettext_lazy("Return or refund"),
    "cancellation": gettext_lazy("Cancellation"),
    "billing_payment": gettext_lazy("Billing and payment"),
    "pricing": gettext_lazy("Pricing"),
    "account_access": gettext_lazy("Account access"),
    "technical_problem": gettext_lazy("Technical problem"),
    "staff_behavior": gettext_lazy("Staff behaviour"),
    "product_question": gettext_lazy("Product question"),
    "praise": gettext_lazy("Praise"),
    "suggestion": gettext_lazy("Suggestion"),
    "service_quality": gettext_lazy("Service quality"),
    "other": gettext_lazy("Other"),
}
URGENCIES = {
    "low": gettext_lazy("Not urgent"),
    "normal": gettext_lazy("Normal urgency"),
    "high": gettext_lazy("Urgent"),
}


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
        return [("true", str(gettext_lazy("Yes"))), ("false", str(gettext_lazy("No")))]
    return [(k, str(v)) for k, v in names[field].items()]


@register.filter
def analysis_field_label(field: str) -> str:
    """The name of a correctable label in the reader's language, as a screen reader announces it."""
    from hamdel.conversations.models import MessageAnalysis

    # get_field() may also return a reverse relation, which has no verbose_name: fall back to the name.
    return str(getattr(MessageAnalysis._meta.get_field(field), "verbose_name", field))


@register.filter
def analysis_fields(analysis: object) -> list[tuple[str, str]]:
    """The correctable labels of an analysis as (field, value) with booleans as 'true'/'false'."""
    out = []
    for field in ("sentiment", "emotion", "intent", "urgency", "abusive", "churn_risk"):
        value = getattr(analysis, field)
        out.append((field, str(value).lower() if isinstance(value, bool) else value))
    return out


@register.filter
def quoted_parts(message: Message) -> tuple[str, str]:
    """The new text and the quoted history an e-mail carries below it (kept, but folded away).

    A customer's insults and threats are masked («***», language.abuse) unless this agent has just
    revealed this message (``message.revealed``, set by the reveal view), or an agent corrected the
    analysis to "not abusive".
    """
    cut = (message.meta or {}).get("quoted_at")
    if isinstance(cut, int) and 0 < cut < len(message.text):
        parts = message.text[:cut].rstrip(), message.text[cut:].strip()
    else:
        parts = message.text, ""
    if not is_masked(message):
        return parts
    analysis = getattr(message, "analysis", None)
    abusive = bool(analysis is not None and analysis.abusive)
    return mask_abusive(parts[0], abusive), mask_abusive(parts[1], abusive)


def is_masked(message: Message) -> bool:
    """Whether the conversation shows this message with its insults masked."""
    if message.direction != "in" or getattr(message, "revealed", False):
        return False
    analysis = getattr(message, "analysis", None)
    if analysis is not None and analysis.corrected and not analysis.abusive:
        return False
    if analysis is not None and analysis.masked_text:  # stored at analysis: no search on every page view
        return bool(analysis.masked_text != message.text)
    return bool(find(message.text))


register.filter("is_masked", is_masked)
