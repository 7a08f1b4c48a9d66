"""Background work for feedback, run by the worker after the events in `events.py` (wired in `apps.py`).

Tasks import services; services never import tasks: they publish an event and the bus runs these.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import default_task_backend, task

from hamdel.feedback import services
from hamdel.feedback.models import Invitation


@task()
def analyze_item(item_id: int) -> None:
    """Read a feedback item's sentiment and emotion after it is stored, as for customer messages."""
    services.item_analyze(item_id=item_id)


@task()
def send_invitation(invitation_id: int) -> None:
    """Runs at the invitation's time (deferred by the database task backend)."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is not None:
        services.invitation_send(actor=None, invitation=invitation)


def schedule_invitation(invitation_id: int, run_after: str) -> None:
    """Defer the send to its time when the backend can; otherwise the periodic `tick` sends it."""
    if default_task_backend.supports_defer:
        send_invitation.using(run_after=dt.datetime.fromisoformat(run_after)).enqueue(invitation_id)


@task()
def survey_after_resolution(conversation_id: int) -> None:
    services.on_conversation_resolved(conversation_id=conversation_id)


@task()
def recover_response(response_id: int, conversation_id: int | None = None) -> None:
    """An unhappy answer opens a follow-up conversation for the team (the event's conversation is unused)."""
    services.response_recover(response_id=response_id)


@task()
def notify_idea_done(idea_id: int) -> None:
    services.ideas_notify_done(idea_id=idea_id)


@task()
def tick() -> None:
    """Periodic work (`hamdel manage feedback_tick` from cron): due invitations and delivery follow-ups."""
    services.order_invitations_run()
    services.invitations_send_due()
