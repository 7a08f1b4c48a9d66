"""Invitations: a personal one-time link to a survey, sent through the conversation's own channel.

`survey_invite` is the action a person (or an integration) takes; the triggers and the periodic tick use
`invitation_create` and `invitation_send` as Hamdel itself. When an invitation goes out in a conversation,
its history records `survey_sent`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.core.persian import fa_digits
from hamdel.customers.models import Customer, Order
from hamdel.feedback.links import invitation_url
from hamdel.feedback.models import Invitation, InvitationStatus, Survey, Trigger


def _check_open(survey: Survey) -> None:
    if not survey.is_active:
        raise ApplicationError(_("This survey is closed."), {"survey": survey.pk}, code="closed")


def invitation_create(
    *,
    actor: Any,
    survey: Survey,
    customer: Customer | None = None,
    conversation: Conversation | None = None,
    order: Order | None = None,
    reason: str = Trigger.MANUAL,
    scheduled_at: dt.datetime | None = None,
) -> Invitation:
    """A personal one-time link, to be sent at `scheduled_at` (now by default); nothing is sent yet."""
    require(actor, Perm.SURVEY_SEND)
    _check_open(survey)
    if conversation is not None and customer is None:
        customer = conversation.customer
    scheduled_at = scheduled_at or timezone.now()
    return Invitation.objects.create(
        survey=survey,
        customer=customer,
        conversation=conversation,
        order=order,
        reason=reason,
        scheduled_at=scheduled_at,
        expires_at=scheduled_at + dt.timedelta(days=survey.expires_days),
    )


def _invitation_text(invitation: Invitation) -> str:
    """The message the customer reads: in the site's language (not the language of whoever pressed invite)."""
    survey = invitation.survey
    with translation.override(settings.LANGUAGE_CODE):
        intro = survey.intro.strip() or _(
            "How did we do? Your answer takes one minute and helps us do better."
        )
        days = fa_digits(survey.expires_days) if translation.get_language() == "fa" else survey.expires_days
        note = _("This link works once and expires in %(days)s days.") % {"days": days}
        if survey.anonymous:
            note += " " + _("Your answers are anonymous.")
    return f"{intro}\n{invitation_url(invitation)}\n{note}"


def _skip(invitation: Invitation, why: str) -> Invitation:
    invitation.status = InvitationStatus.SKIPPED
    invitation.skip_reason = why[:200]
    invitation.save(update_fields=["status", "skip_reason"])
    return invitation


def _record_sent(conversation: Conversation, invitation: Invitation, actor: Any) -> None:
    """The conversation's history shows the survey went out (the timeline, SLA and reports read it)."""
    from hamdel.conversations.services import conversation_record_event

    conversation_record_event(
        conversation=conversation,
        actor=actor,
        type="survey_sent",
        new={"survey": invitation.survey_id, "title": invitation.survey.name},
        invitation=invitation.pk,
    )


def invitation_send(*, actor: Any, invitation: Invitation) -> Invitation:
    """Send a scheduled invitation through the conversation's own channel (the outbox), else by e-mail.

    Skips (and says why) when it expired or the customer cannot be reached.
    """
    from hamdel.conversations.services import reply

    require(actor, Perm.SURVEY_SEND)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("survey", "customer")
            .get(pk=invitation.pk)
        )
        if invitation.status != InvitationStatus.SCHEDULED:
            return invitation
        now = timezone.now()
        if invitation.expires_at <= now:
            return _skip(invitation, _("expired before it could be sent"))
        conversation = invitation.conversation
        if conversation is None and invitation.customer is not None:
            conversation = (
                Conversation.objects.filter(customer=invitation.customer)
                .exclude(thread_key__startswith="feedback-")
                .order_by("-last_message_at")
                .first()
            )
        text = _invitation_text(invitation)
        if conversation is not None:
            reply(
                conversation=conversation, author=None, text=text, meta={"feedback_invitation": invitation.pk}
            )
            _record_sent(conversation, invitation, actor)
        elif invitation.customer is not None and invitation.customer.emails:
            address = invitation.customer.emails[0]
            subject = invitation.survey.name
            transaction.on_commit(
                lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
            )
        else:
            return _skip(invitation, _("no channel to reach the customer"))
        invitation.status = InvitationStatus.SENT
        invitation.sent_at = now
        invitation.save(update_fields=["status", "sent_at"])
    return invitation


def survey_invite(
    *,
    actor: Any,
    survey: Survey,
    customer: Customer | None = None,
    conversation: Conversation | None = None,
    send: bool = True,
) -> Invitation:
    """A person invites one customer: create the link and send it now, or hand it out themselves.

    With nobody to send to (or `send=False`) the caller shares the personal link (printed, another system):
    it counts as sent. One transaction: a send that fails leaves no half-made invitation behind.
    """
    require(actor, Perm.SURVEY_SEND)
    _check_open(survey)
    if customer is not None and conversation is not None and conversation.customer_id != customer.pk:
        raise ApplicationError(
            _("This conversation is with another customer."),
            {"customer_id": customer.pk, "conversation_id": conversation.pk},
            code="customer_mismatch",
        )
    with transaction.atomic():
        invitation = invitation_create(
            actor=actor, survey=survey, customer=customer, conversation=conversation
        )
        if send and (customer is not None or conversation is not None):
            return invitation_send(actor=actor, invitation=invitation)
        invitation.status = InvitationStatus.SENT
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["status", "sent_at"])
    return invitation


def invitations_send_due(*, now: dt.datetime | None = None) -> int:
    """Send every scheduled invitation whose time has come (Hamdel's periodic tick and deferred task)."""
    now = now or timezone.now()
    sent = 0
    for invitation in Invitation.objects.filter(status=InvitationStatus.SCHEDULED, scheduled_at__lte=now):
        invitation_send(actor=None, invitation=invitation)
        sent += 1
    return sent
