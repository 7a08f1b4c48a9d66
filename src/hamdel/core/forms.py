"""Settings and set-up forms only parse; the action decides. This shows the action's refusal on the form."""

from __future__ import annotations

from typing import Any

from django import forms

from hamdel.core.errors import ApplicationError


class ServiceErrorsMixin:
    """`form.add_service_error(exc)`: the message beside the field the action named, or above the form.

    An action names its field as `extra["field"]`, as a list in `extra["errors"]`, or as a key of `extra`
    (`{"shortcut": "hi"}`); a name the form does not have goes above the form.
    """

    def add_service_error(self, exc: ApplicationError) -> None:
        form: forms.Form = self  # type: ignore[assignment]
        problems: list[dict[str, Any]] = exc.extra.get("errors") or []
        if not problems:
            named = exc.extra.get("field") or next((k for k in exc.extra if k in form.fields), None)
            problems = [{"field": named, "message": exc.message}]
        for problem in problems:
            form.add_error(problem["field"] if problem["field"] in form.fields else None, problem["message"])
