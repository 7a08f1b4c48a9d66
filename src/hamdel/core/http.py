"""Request types for the type checker: what the middleware adds to every request."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request after django-htmx's middleware (every request in Hamdel): ``request.htmx`` is set.

    Only an annotation: Django still passes its own ``HttpRequest``; annotate a view's ``request`` with
    this so that mypy knows about ``request.htmx``.
    """

    htmx: HtmxDetails
