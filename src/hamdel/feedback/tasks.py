"""Background work for feedback: analysis, deferred invitations, recovery, "we did it" notifications."""

from __future__ import annotations

from django.tasks import task


@task()
def analyze_item(item_id: int) -> None:
    """Read a feedback item's sentiment and emotion after it is stored, as for customer messages."""
    from hamdel.feedback.services import item_analyze

    item_analyze(item_id=item_id)


@task()
def send_invitation(invitation_id: int) -> None:
    """Runs at the invitation's time (deferred by the database task backend)."""
    from hamdel.feedback.models import Invitation
    from hamdel.feedback.services import invitation_send

    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is not None:
        invitation_send(invitation=invitation)


@task()
def survey_after_resolution(conversation_id: int) -> None:
    from hamdel.feedback.services import on_conversation_resolved

    on_conversation_resolved(conversation_id=conversation_id)


@task()
def recover_response(response_id: int) -> None:
    """An unhappy answer opens a follow-up conversation for the team."""
    from hamdel.feedback.services import response_recover

    response_recover(response_id=response_id)


@task()
def notify_idea_done(idea_id: int) -> None:
    from hamdel.feedback.services import ideas_notify_done

    ideas_notify_done(idea_id=idea_id)


@task()
def tick() -> None:
    """Periodic work (`hamdel manage feedback_tick` from cron): due invitations and delivery follow-ups."""
    from hamdel.feedback.services import invitations_send_due, order_invitations_run

    order_invitations_run()
    invitations_send_due()
