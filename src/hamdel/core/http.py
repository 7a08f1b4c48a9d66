"""Request types for the type checker: what the middleware adds to every request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request after django-htmx's middleware (every request in Hamdel): ``request.htmx`` is set.

    Only an annotation: Django still passes its own ``HttpRequest``; annotate a view's ``request`` with
    this so that mypy knows about ``request.htmx``.
    """

    htmx: HtmxDetails


MAX_ID = 2**63 - 1


def form_id(value: object) -> int | None:
    """A row id typed into a form or a query string; None for text, zero, negatives or numbers too large.

    `Model.objects.filter(pk="abc")` raises ValueError and a 20-digit number overflows the database
    integer: both were 500 pages. Parse with this first and treat None as "no such row".
    """
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def same_site(request: HttpRequest, url: str) -> str:
    """A `next` URL only ever leads back into Hamdel: a link elsewhere (``//evil.example``) becomes ""."""
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
    return url if url and allowed else ""
