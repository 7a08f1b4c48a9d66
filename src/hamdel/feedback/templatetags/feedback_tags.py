"""Small display helpers for the feedback templates, and the old page tags until web/ renders the panels."""

from __future__ import annotations

from typing import Any

from django import template

from hamdel.feedback.panels import conversation_panel, customer_panel

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
    """Superseded by the `conversation` panel (`{% page_panels "conversation" conv %}`); same context."""
    return {**conversation_panel(context.get("request"), conv), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("feedback/_customer_card.html")
def customer_feedback(customer: Any) -> dict:
    """Superseded by the `customer` panel (`{% page_panels "customer" customer %}`); same context."""
    return customer_panel(None, customer) or {"customer": customer}
