"""The knowledge panel beside a conversation: search articles, insert a link or the text into the reply, and
turn an agent's reply into a draft article."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.conversations.models import Direction, Message, MessageKind
from hamdel.knowledge import selectors


def conversation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any]:
    """Articles for the customer's latest message, offered before the agent types a search."""
    latest = (
        Message.objects.filter(
            conversation=conversation, direction=Direction.INBOUND, kind=MessageKind.MESSAGE
        )
        .order_by("-created_at", "-id")
        .values_list("text", flat=True)
        .first()
    )
    hits = selectors.article_search(actor=request.user, query=latest or "", limit=3, public_only=False)
    return {"conv": conversation, "hits": hits}
