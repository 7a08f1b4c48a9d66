"""What the feedback app adds to the conversation and customer pages (registered in `apps.py`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.feedback import selectors
from hamdel.feedback.models import Response


def conversation_panel(request: HttpRequest | None, conv: Any) -> dict[str, Any]:
    """The conversation's survey answers, the unhappy answer it follows up, and “turn into an idea”."""
    responses = (
        Response.objects.filter(conversation=conv, completed_at__isnull=False)
        .select_related("survey")
        .prefetch_related("survey__questions")
    )
    recovered = Response.objects.filter(recovery_conversation=conv).select_related("survey")
    return {"conv": conv, "responses": list(responses), "recovered": list(recovered)}


def customer_panel(request: HttpRequest | None, customer: Any) -> dict[str, Any] | None:
    """The customer's survey answers and feedback items (never anonymous ones); no panel when none."""
    context = {"customer": customer, **selectors.customer_feedback(customer_id=customer.pk)}
    if not context.get("responses") and not context.get("items"):
        return None
    return context
