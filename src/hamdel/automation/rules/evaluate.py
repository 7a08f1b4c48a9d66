"""Do a rule's conditions hold for one conversation? Pure reads, no writes (the dry run uses it too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hamdel.conversations.models import Conversation, Direction, Message
from hamdel.core.calendar import calendar_get
from hamdel.language.normalize import normalize


@dataclass(frozen=True)
class Facts:
    """What the conditions look at, read once per conversation and event."""

    channel: str = ""
    inbox: str = ""
    text: str = ""  # normalised
    intent: str = ""
    sentiment: str = ""
    emotion: str = ""
    priority: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)
    customer_tags: frozenset[str] = field(default_factory=frozenset)
    at: dt.datetime | None = None
    pending_minutes: int | None = None  # business minutes pending; only for conversation.pending


def facts_for(conversation: Conversation, message: Message | None, at: dt.datetime) -> Facts:
    """The message is the one the event is about, else the conversation's latest customer message."""
    if message is None:
        message = (
            Message.objects.filter(conversation=conversation, direction=Direction.INBOUND)
            .order_by("-created_at", "-pk")
            .first()
        )
    analysis = getattr(message, "analysis", None) if message is not None else None
    meta = (message.meta or {}) if message is not None else {}
    return Facts(
        channel=conversation.channel,
        inbox=str(meta.get("inbox_id", meta.get("inbox", ""))),
        text=normalize(message.text) if message is not None else "",
        intent=analysis.intent if analysis is not None else "",
        sentiment=(analysis.sentiment if analysis is not None else conversation.sentiment) or "",
        emotion=(analysis.emotion if analysis is not None else conversation.emotion) or "",
        priority=conversation.priority,
        tags=frozenset(conversation.tags.values_list("name", flat=True)),
        customer_tags=frozenset(str(t) for t in (conversation.customer.tags or [])),
        at=at,
    )


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def condition_holds(cond: dict[str, Any], facts: Facts) -> bool:
    name, op, value = cond["field"], cond["op"], cond.get("value")
    if name == "business_hours":
        is_open = calendar_get().is_open(facts.at) if facts.at is not None else False
        return is_open == bool(value)
    if name == "pending_business_hours":
        return facts.pending_minutes is not None and facts.pending_minutes >= 60 * int(str(value))
    if name == "text":
        found = any(normalize(v) and normalize(v) in facts.text for v in _as_list(value))
        return found if op == "contains" else not found
    if name in ("tags", "customer_tag"):
        have = facts.tags if name == "tags" else facts.customer_tags
        found = any(v in have for v in _as_list(value))
        return found if op == "has" else not found
    actual = str(getattr(facts, name))
    if op == "in":
        return actual in _as_list(value)
    return (actual == str(value)) == (op == "is")


def conditions_hold(conditions: dict[str, Any], facts: Facts) -> bool:
    """{"all": [...]} every one, {"any": [...]} at least one; no conditions: always."""
    if not conditions:
        return True
    if "any" in conditions:
        items = conditions.get("any") or []
        return not items or any(condition_holds(c, facts) for c in items)
    return all(condition_holds(c, facts) for c in conditions.get("all") or [])
