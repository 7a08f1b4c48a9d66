"""The playbook panel beside a conversation: search the objections, and the one the customer just voiced."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.coach.playbook import selectors
from hamdel.conversations.models import Direction, Message, MessageKind


def conversation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any]:
    """The latest customer message is read against the playbook; a clear match is offered first."""
    latest = (
        Message.objects.filter(
            conversation=conversation, direction=Direction.INBOUND, kind=MessageKind.MESSAGE
        )
        .order_by("-created_at", "-id")
        .values_list("text", flat=True)
        .first()
    )
    suggestion = selectors.playbook_suggest(text=latest) if latest else None
    return {"conv": conversation, "suggestion": suggestion}
