"""Small display helpers for the feedback templates."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def join_if_list(value: Any) -> str:
    """A branching value as the builder shows it: «a، b» for lists, the number otherwise."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.inclusion_tag("feedback/_conversation_card.html", takes_context=True)
def conversation_feedback(context: dict, conv: Any) -> dict:
    """On the conversation page: its survey answer (if any) and “turn into an idea”."""
    from hamdel.feedback.models import Response

    responses = (
        Response.objects.filter(conversation=conv, completed_at__isnull=False)
        .select_related("survey")
        .prefetch_related("survey__questions")
    )
    recovered = Response.objects.filter(recovery_conversation=conv).select_related("survey")
    return {
        "conv": conv,
        "responses": list(responses),
        "recovered": list(recovered),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("feedback/_customer_card.html")
def customer_feedback(customer: Any) -> dict:
    """On the customer page: their survey answers and feedback items (anonymous answers never appear)."""
    from hamdel.feedback.selectors import customer_feedback as select

    return {"customer": customer, **select(customer_id=customer.pk)}
