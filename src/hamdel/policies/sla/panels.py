"""What the SLA feature shows on other apps' pages: the conversation panel and the inbox column."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from hamdel.conversations.models import Conversation
from hamdel.policies.sla import selectors


def conversation_panel(request: HttpRequest, conversation: Conversation) -> dict[str, Any] | None:
    """Each target's due moment (Jalali) and state; no panel when no policy applies."""
    clock = selectors.clock_of(conversation)
    if clock is None or clock.policy is None:
        return None
    return {"clock": clock, "targets": selectors.panel_targets(clock, timezone.now())}
