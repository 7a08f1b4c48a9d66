"""What conversations adds to other apps' pages through the panel slot (core.slots).

The customer page lives in `customers`, which may not import `conversations`; the customer's
conversations and how they felt along them arrive here instead, registered from `apps.py`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.conversations.models import Conversation, MessageAnalysis
from hamdel.core.persian import jalali_date


def sentiment_trend(*, customer_id: int) -> list[dict[str, object]]:
    """Polarity (-1…1) of each analysed customer message, oldest first, for the customer page chart."""
    rows = (
        MessageAnalysis.objects.filter(message__conversation__customer_id=customer_id)
        .order_by("message__created_at")
        .values("polarity", "sentiment", "emotion", "message__created_at")[:200]
    )
    return [
        {
            "date": jalali_date(r["message__created_at"]),
            "polarity": round(r["polarity"], 2),
            "sentiment": r["sentiment"],
            "emotion": r["emotion"],
        }
        for r in rows
    ]


def customer_conversations(request: HttpRequest, customer: Any) -> dict[str, Any]:
    """Every conversation of this customer, newest first, with the sentiment trend above them."""
    conversations = list(
        Conversation.objects.filter(customer_id=customer.pk)
        .select_related("assignee")
        .order_by("-last_message_at")
    )
    return {"conversations": conversations, "trend": sentiment_trend(customer_id=customer.pk)}


def other_conversations(request: HttpRequest, conversation: Conversation) -> dict[str, Any] | None:
    """The customer's ten latest other conversations beside this one; no panel when there are none."""
    others = list(
        Conversation.objects.filter(customer_id=conversation.customer_id)
        .exclude(pk=conversation.pk)
        .order_by("-last_message_at")[:10]
    )
    return {"conversations": others} if others else None


def timing(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    """When the conversation opened, was first answered, resolved, and how often it reopened."""
    return {"conv": conversation}
