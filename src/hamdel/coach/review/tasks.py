"""Tasks: read a sent reply for the findings the agent sent it with."""

from __future__ import annotations

from django.tasks import task

from hamdel.coach.review import services


@task()
def record_sent(message_id: int) -> None:
    """Listener of `message_created`: an agent's reply is reviewed once more; open findings are stored."""
    services.coach_record_sent(message_id=message_id)
