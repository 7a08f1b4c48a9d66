"""`{% nav_menu %}`, `{% topbar_links %}`, `{% page_panels "conversation" obj %}`: the slots apps fill."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from hamdel.core.slots import nav_items, panels_for, settings_items, topbar_items

register = template.Library()


@register.inclusion_tag("core/nav_menu.html", takes_context=True)
def nav_menu(context: dict[str, Any]) -> dict[str, Any]:
    return {"items": nav_items(context["request"])}


@register.inclusion_tag("core/topbar_links.html", takes_context=True)
def topbar_links(context: dict[str, Any]) -> dict[str, Any]:
    """The top-bar links (the notification bell) with their badges, beside the user's menu."""
    return {"items": topbar_items(context["request"])}


@register.inclusion_tag("core/nav_menu.html", takes_context=True)
def settings_menu(context: dict[str, Any]) -> dict[str, Any]:
    return {"items": settings_items(context["request"])}


@register.simple_tag(takes_context=True)
def page_panels(context: dict[str, Any], page: str, obj: Any) -> SafeString:
    """Each registered panel rendered with its own context, in one <section> per panel."""
    request = context["request"]
    parts = []
    for panel in panels_for(page, request, obj):
        html = render_to_string(
            panel.template, {**panel.context, "obj": obj, "panel": panel}, request=request
        )
        parts.append((panel.key, panel.title, html))
    return format_html_join(
        "\n",
        '<section class="panel panel-{}" aria-label="{}">{}</section>',
        ((k, t, format_html("{}", h)) for k, t, h in parts),
    )
