"""The shield's conversation panel: was the customer abusive, where the conversation went, the boundary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.coach.shield.models import ShieldCase
from hamdel.conversations.models import Conversation
from hamdel.core.permissions import Perm, can


def conversation_panel(request: HttpRequest, conversation: Conversation) -> dict[str, Any] | None:
    """Shown only in conversations where a customer message was found abusive."""
    case = ShieldCase.objects.filter(conversation=conversation).first()
    if case is None and not conversation.is_abusive:
        return None
    return {
        "case": case,
        "conv": conversation,
        "can_send": can(request.user, Perm.CONVERSATION_REPLY),
    }
