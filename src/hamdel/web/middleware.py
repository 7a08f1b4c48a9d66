"""Pages answer a service's NotFound / Forbidden, or an id too large for the database, with the Persian
404 / 403 page, not a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.defaults import page_not_found, permission_denied

from hamdel.core.errors import Forbidden, NotFound
from hamdel.core.http import MAX_ID


class ServiceErrorPages:
    """A selector raising NotFound on a page (e.g. /c/999/) is a 404 page; Forbidden is the 403 page.

    The API has its own handler for the JSON answer; this only catches what reaches a page view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: tuple, kwargs: dict[str, object]
    ) -> HttpResponse | None:
        """`/c/99999999999999999999/` matches `<int:number>` but overflows the database: no such page.

        One check here instead of one in each of the ~30 page views with an `<int:…>` in their URL.
        """
        if any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in (*args, *kwargs.values())):
            return page_not_found(request, Http404("no such row"))
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404(str(exception.message)))
        if isinstance(exception, Forbidden):
            return permission_denied(request, PermissionDenied(str(exception.message)))
        return None
