"""One error type for services, turned into translated 4xx answers by the API and the views.

Every refusal carries a stable `code` (`forbidden`, `invalid`, `not_found`, `conflict`, or a more precise
one such as `unknown_status`) so integrations can branch on it while people read the translated message.
"""

from __future__ import annotations

from typing import Any

_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "conflict"}


class ApplicationError(Exception):
    """A request that cannot be carried out; `message` is shown to the user, `extra` names fields."""

    status = 400

    def __init__(
        self,
        message: Any,
        extra: dict[str, Any] | None = None,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.extra = extra or {}
        if status is not None:
            self.status = status
        self.code = code or _CODES.get(self.status, "invalid")


class NotFound(ApplicationError):
    status = 404


class Forbidden(ApplicationError):
    status = 403
