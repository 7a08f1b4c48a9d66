"""The one task that carries every domain event to its listeners."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from hamdel.core.events import run_listeners


@task()
def dispatch(event: str, payload: dict[str, Any]) -> None:
    run_listeners(event, payload)
