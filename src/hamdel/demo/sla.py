"""Demo SLA policies, and a clock for every demo conversation, so the inbox shows time left at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hamdel.conversations.models import Conversation, ConversationEvent, Message
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.policies.sla.services import sla_clock_rebuild, sla_policy_create

POLICIES: list[dict[str, Any]] = [
    {
        "name": "فوری",
        "priorities": ["urgent"],
        "first_response_minutes": 30,
        "next_response_minutes": 60,
        "resolution_minutes": 480,
        "warning_percent": 80,
        "escalate_notify": True,
        "escalate_priority": "urgent",
    },
    {
        "name": "اولویت بالا",
        "priorities": ["high"],
        "first_response_minutes": 60,
        "next_response_minutes": 120,
        "resolution_minutes": 960,
        "warning_percent": 80,
        "escalate_notify": True,
        "escalate_priority": "urgent",
    },
    {"name": "کم‌اهمیت: بدون SLA", "priorities": ["low"], "no_sla": True},
    {
        "name": "عادی",
        "first_response_minutes": 240,
        "next_response_minutes": 480,
        "resolution_minutes": 2400,
        "warning_percent": 80,
    },
]


# Fresh conversations, so the inbox shows clocks that still run (minutes ago, priority, text).
FRESH = [
    (20, "urgent", "کارت بانکی‌ام دو بار شارژ شد، فوراً پیگیری کنید"),
    (50, "high", "سفارشم امروز باید می‌رسید ولی هنوز خبری نیست"),
    (15, "normal", "برای تغییر آدرس تحویل باید چه کنم؟"),
]


def _fresh_conversations() -> None:
    """Customers who wrote minutes ago (dated back through the rows, like the loader's own history)."""
    now = timezone.now()
    for i, (minutes, priority, text) in enumerate(FRESH):
        result = ingest(
            InboundMessage(
                channel="chat",
                identity_kind="chat",
                address=f"demo-sla-{i}",
                customer_name=["پریسا نوری", "کیان مرادی", "سحر یزدانی"][i],
                text=text,
                external_id=f"demo-sla-{i}",
            )
        )
        at = now - dt.timedelta(minutes=minutes)
        Conversation.objects.filter(pk=result.conversation_id).update(
            priority=priority, created_at=at, last_message_at=at, last_inbound_at=at
        )
        Message.objects.filter(conversation_id=result.conversation_id).update(created_at=at)
        ConversationEvent.objects.filter(conversation_id=result.conversation_id).update(at=at)


def load(*, actor: Any) -> int:
    """Create the policies through the action and replay each conversation's history into its clock."""
    for data in POLICIES:
        sla_policy_create(actor=actor, data={"basis": "business", "pause_statuses": ["pending"], **data})
    _fresh_conversations()
    done = 0
    for conversation in Conversation.objects.select_related("customer").order_by("pk"):
        sla_clock_rebuild(conversation=conversation, actor=actor)
        done += 1
    return done
