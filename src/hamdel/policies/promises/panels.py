"""The promises panel beside a conversation: each promise with its due time, status and its forms."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from hamdel.core.permissions import Perm, can
from hamdel.policies.promises.models import Promise, PromiseStatus


def conversation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any]:
    now = timezone.now()
    promises = list(Promise.objects.filter(conversation=conversation).order_by("due", "id"))
    rows = [{"p": p, "overdue": p.status == PromiseStatus.OPEN and p.due <= now} for p in promises]
    return {
        "conv": conversation,
        "promises": rows,
        "open_count": sum(1 for p in promises if p.status == PromiseStatus.OPEN),
        "can_edit": can(request.user, Perm.PROMISE_EDIT),
    }
