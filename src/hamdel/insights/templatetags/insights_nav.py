"""`{% insights_tabs %}`: the insights sub-navigation, from the page registry (`hamdel.insights.pages`)."""

from __future__ import annotations

from typing import Any

from django import template

from hamdel.insights.pages import pages_for

register = template.Library()


@register.inclusion_tag("insights/_tabs.html", takes_context=True)
def insights_tabs(context: dict[str, Any]) -> dict[str, Any]:
    return {"tabs": pages_for(context["request"])}
