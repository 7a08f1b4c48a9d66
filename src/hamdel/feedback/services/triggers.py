"""The company-wide triggers: a survey after a conversation is resolved, and N days after a delivery.

Hamdel's own work: a task runs these after `conversation_resolved` and on the periodic tick. Which survey
each trigger sends is set by `survey_create`/`survey_update`, which only supervisors and admins may call.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hamdel.conversations.models import Conversation, Status
from hamdel.core.events import publish
from hamdel.customers.models import Customer, Order
from hamdel.feedback.events import InvitationScheduled
from hamdel.feedback.models import Invitation, InvitationStatus, Survey, Trigger
from hamdel.feedback.services.invitations import invitation_create, invitation_send


def _recently_invited(customer: Customer | None, days: int) -> bool:
    if customer is None:
        return False
    since = timezone.now() - dt.timedelta(days=days)
    return (
        Invitation.objects.filter(customer=customer, created_at__gte=since)
        .exclude(status=InvitationStatus.SKIPPED)
        .exists()
    )


def _schedule(invitation: Invitation) -> None:
    """Send now, or leave it to the task worker (deferred task, else the periodic tick) for later."""
    if invitation.scheduled_at <= timezone.now():
        invitation_send(actor=None, invitation=invitation)
    else:
        publish(
            InvitationScheduled(invitation_id=invitation.pk, run_after=invitation.scheduled_at.isoformat())
        )


def _closed_by_hamdel(conversation: Conversation) -> bool:
    """The last status change was Hamdel's own (auto-close), not a person's."""
    from hamdel.conversations.models import ActorKind, ConversationEvent, EventType

    last = (
        ConversationEvent.objects.filter(conversation=conversation, type=EventType.STATUS_CHANGED)
        .order_by("-at", "-id")
        .first()
    )
    return last is not None and last.actor_kind == ActorKind.SYSTEM


def _skip_reason(conversation: Conversation) -> str:
    skip_tags = {t.lower() for t in settings.HAMDEL_FEEDBACK_SKIP_TAGS}
    if conversation.thread_key.startswith("feedback-"):
        return "follow-up"
    if {t.name.lower() for t in conversation.tags.all()} & skip_tags:
        return "spam"
    if conversation.first_response_at is None:
        return "never answered by the team"
    if _closed_by_hamdel(conversation):
        return "closed automatically"
    return ""


@transaction.atomic
def on_conversation_resolved(*, conversation_id: int) -> Invitation | None:
    """After resolution: schedule the active resolution survey, unless spam, automatic or too soon."""
    conversation = Conversation.objects.select_related("customer").filter(pk=conversation_id).first()
    if conversation is None or conversation.status not in (Status.RESOLVED, Status.CLOSED):
        return None
    survey = Survey.objects.filter(trigger=Trigger.RESOLUTION, is_active=True).order_by("-created_at").first()
    if survey is None or _skip_reason(conversation):
        return None
    if _recently_invited(conversation.customer, survey.cooldown_days):
        return None
    if Invitation.objects.filter(conversation=conversation, survey=survey).exists():
        return None
    invitation = invitation_create(
        actor=None,
        survey=survey,
        conversation=conversation,
        reason=Trigger.RESOLUTION,
        scheduled_at=timezone.now() + dt.timedelta(minutes=survey.delay_minutes),
    )
    _schedule(invitation)
    return invitation


def order_invitations_run(*, now: dt.datetime | None = None) -> int:
    """Invite customers N days after delivery (a window of a week, so old orders are not surveyed)."""
    now = now or timezone.now()
    created = 0
    for survey in Survey.objects.filter(trigger=Trigger.DELIVERY, is_active=True):
        due = now - dt.timedelta(days=survey.days_after_delivery)
        orders = (
            Order.objects.filter(delivered_at__lte=due, delivered_at__gt=due - dt.timedelta(days=7))
            .exclude(pk__in=Invitation.objects.filter(survey=survey, order__isnull=False).values("order_id"))
            .select_related("customer")
        )
        for order in orders:
            with transaction.atomic():
                if _recently_invited(order.customer, survey.cooldown_days):
                    continue
                invitation = invitation_create(
                    actor=None, survey=survey, customer=order.customer, order=order, reason=Trigger.DELIVERY
                )
                invitation_send(actor=None, invitation=invitation)
                created += 1
    return created
