"""`{% insights_tabs %}`: the insights sub-navigation, from the page registry (`hamdel.insights.pages`)."""

from __future__ import annotations

from typing import Any

from django import template

from hamdel.insights.pages import pages_for

register = template.Library()


@register.inclusion_tag("insights/_tabs.html", takes_context=True)
def insights_tabs(context: dict[str, Any]) -> dict[str, Any]:
    return {"tabs": pages_for(context["request"])}


@register.filter
def metric(number: Any, unit: str) -> str:
    """`{{ value|metric:"minutes" }}`: a metric's value formatted as every page shows it."""
    from django.utils.translation import get_language

    from hamdel.insights.report import fmt

    return fmt(number, unit, persian=(get_language() or "fa").startswith("fa"))


@register.filter
def signed(number: Any) -> str:
    """A change from the previous period: «+۵» / «−۳» (digits by language)."""
    from django.utils.translation import get_language

    from hamdel.core.persian import fa_digits

    if number is None:
        return ""
    text = f"{'+' if number > 0 else '−' if number < 0 else '±'}{abs(number):g}"
    return fa_digits(text).replace(".", "٫") if (get_language() or "fa").startswith("fa") else text


@register.filter
def urlencode_dict(values: dict[str, Any]) -> str:
    """`{{ query|urlencode_dict }}`: a dict as a query string (for the export links)."""
    from urllib.parse import urlencode

    return urlencode(values)
