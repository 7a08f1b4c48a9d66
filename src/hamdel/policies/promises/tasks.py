"""Tasks: read a sent reply's promises; the periodic reminder and breaker."""

from __future__ import annotations

from django.tasks import task

from hamdel.policies.promises import services


@task()
def record_reply(message_id: int) -> None:
    """Listener of `message_created`: an agent's reply keeps earlier promises and may make new ones."""
    services.promises_record_reply(message_id=message_id)


@task()
def tick() -> None:
    """Every minute: remind before a promise falls due, break it after."""
    services.promises_tick()
