"""Small display helpers for the feedback templates (the page panels live in `panels.py`)."""

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
