"""Shield background work: act on the analysis of each inbound message (routing, automatic boundary)."""

from __future__ import annotations

from django.tasks import task

from hamdel.coach.shield import services


@task()
def on_message_analyzed(message_id: int, conversation_id: int, abusive: bool) -> None:
    """Only abusive messages matter; the action reads the stored analysis again (it may be corrected)."""
    if abusive:
        services.shield_message_flagged(message_id=message_id)
