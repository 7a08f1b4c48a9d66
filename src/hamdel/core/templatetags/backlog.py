"""`{% load backlog %}{% task_backlog %}`: the backlog section for the admin status page."""

from __future__ import annotations

from typing import Any

from django import template

from hamdel.core.backlog import backlog

register = template.Library()


@register.inclusion_tag("core/backlog.html")
def task_backlog() -> dict[str, Any]:
    return {"backlog": backlog()}
