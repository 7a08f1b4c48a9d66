"""One error type for services, turned into translated 4xx answers by the API and the views."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A request that cannot be carried out; `message` is shown to the user, `extra` names fields."""

    status = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}
        if status is not None:
            self.status = status


class NotFound(ApplicationError):
    status = 404


class Forbidden(ApplicationError):
    status = 403
