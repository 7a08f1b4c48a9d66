"""The insights sub-navigation: pages register themselves, so the base template never imports them.

    from hamdel.insights.pages import page_register
    page_register("problems", _("Recurring problems"), "problems:list", order=50)

Call it from an AppConfig.ready(). `perm` hides the tab from those who may not open the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from hamdel.core.permissions import Perm, can


@dataclass(frozen=True)
class Page:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    perm: Perm = Perm.REPORTS_VIEW


_pages: dict[str, Page] = {}


def page_register(
    key: str, label: Any, url_name: str, order: int = 100, perm: Perm = Perm.REPORTS_VIEW
) -> None:
    """Add (or replace, by key) one tab of the insights sub-navigation."""
    _pages[key] = Page(key=key, label=label, url_name=url_name, order=order, perm=perm)


def pages_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The tabs this user may open, in order, with the current one marked (by URL name)."""
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    shown: list[dict[str, Any]] = []
    for page in sorted(_pages.values(), key=lambda p: (p.order, p.key)):
        if not can(request.user, page.perm):
            continue
        try:
            url = reverse(page.url_name)
        except NoReverseMatch:
            continue
        shown.append({"key": page.key, "label": page.label, "url": url, "current": page.url_name == current})
    return shown
