"""Outbound: replies through the outbox, internal notes, and delivery results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.events import DeliveryCreated, DeliveryUpdated, MessageCreated, ReplySent
from hamdel.conversations.models import (
    Conversation,
    ConversationEvent,
    Delivery,
    DeliveryStatus,
    Direction,
    Message,
    MessageKind,
    Status,
)
from hamdel.conversations.services._common import (
    MAX_TEXT,
    check_attachments,
    copy_into,
    index,
    lock,
    preview,
    store_attachments,
)
from hamdel.conversations.services.changes import ConversationChanges, _apply_assignee, conversation_update
from hamdel.conversations.services.history import publish_changes
from hamdel.conversations.types import DeliveryResult, InboundAttachment
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require


@transaction.atomic
def reply(
    *,
    conversation: Conversation,
    author: User | None,
    text: str,
    attachments: list[InboundAttachment] | None = None,
    status: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Message:
    """Store the answer and its outbox row together; the deliver task sends it after commit.

    `author` is None for messages Hamdel sends itself (survey invitations, bot answers): those do not
    count as the team's first response and do not assign the conversation.
    """
    require(author, Perm.CONVERSATION_REPLY)
    if not text.strip():
        raise ApplicationError(_("A reply cannot be empty."), {"text": "required"}, code="required")
    if status is not None and status not in Status.values:
        raise ApplicationError(_("Unknown status."), {"status": status}, code="unknown_status")
    check_attachments(attachments or [])
    conversation_obj = conversation
    conversation = lock(conversation)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        direction=Direction.OUTBOUND,
        kind=MessageKind.MESSAGE,
        author=author,
        text=text.strip()[:MAX_TEXT],
        channel=conversation.channel,
        meta=meta or {},
    )
    store_attachments(message, attachments or [])
    delivery = Delivery.objects.create(message=message)
    index(conversation, message.text, message)
    events: list[ConversationEvent] = []
    if author is not None:
        conversation.first_response_at = conversation.first_response_at or now
        if conversation.assignee_id is None:
            # The first agent to answer takes the conversation: recorded like any assignment.
            event = _apply_assignee(conversation, author, author, auto=True)
            if event is not None:
                events.append(event)
    conversation.last_message_at = now
    conversation.message_count += 1
    conversation.preview = preview(message.text)
    conversation.save(
        update_fields=[
            "first_response_at",
            "assignee",
            "last_message_at",
            "message_count",
            "preview",
            "updated_at",
        ]
    )
    publish_changes(conversation, events)
    if status and status != conversation.status:
        conversation = conversation_update(
            conversation=conversation, actor=author, changes=ConversationChanges(status=status)
        )
    elif conversation.status == Status.NEW and author is not None:
        conversation = conversation_update(
            conversation=conversation, actor=author, changes=ConversationChanges(status=Status.OPEN)
        )
    copy_into(conversation, conversation_obj)
    publish(DeliveryCreated(delivery_id=delivery.pk))
    publish(MessageCreated(message_id=message.pk))
    publish(ReplySent(message_id=message.pk, conversation_id=conversation.pk, channel=message.channel))
    return message


@transaction.atomic
def note_add(*, conversation: Conversation, author: User | None, text: str) -> Message:
    """Internal notes are seen by the team only and never delivered; author None: written by Hamdel."""
    require(author, Perm.CONVERSATION_NOTE)
    if not text.strip():
        raise ApplicationError(_("A note cannot be empty."), {"text": "required"}, code="required")
    message = Message.objects.create(
        conversation=conversation,
        direction=Direction.INTERNAL,
        kind=MessageKind.NOTE,
        author=author,
        text=text.strip()[:MAX_TEXT],
        channel=conversation.channel,
    )
    index(conversation, message.text, message)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=timezone.now())
    publish(MessageCreated(message_id=message.pk))
    return message


def delivery_backoff(attempts: int) -> dt.timedelta:
    """30 s, 2 min, 8 min, 32 min …: quick retries for blips, patient ones for outages."""
    return dt.timedelta(seconds=30 * 4 ** max(0, attempts - 1))


@transaction.atomic
def delivery_record_result(*, delivery_id: int, result: DeliveryResult) -> Delivery:
    """Called by the connectors' deliver task (Hamdel itself): the outcome becomes visible on the message."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    delivery.attempts += 1
    now = timezone.now()
    if result.ok:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.provider_id = result.provider_id[:255]
        delivery.last_error = ""
        delivery.next_attempt_at = None
    elif result.retryable and delivery.attempts < settings.HAMDEL_DELIVERY_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.RETRYING
        delivery.last_error = result.error[:2000]
        delivery.next_attempt_at = now + delivery_backoff(delivery.attempts)
    else:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = result.error[:2000]
        delivery.next_attempt_at = None
    delivery.save()
    publish(DeliveryUpdated(delivery_id=delivery.pk))
    return delivery


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor: Any) -> Delivery:
    """An agent asks to send a failed message again; a sent or still-sending one is never sent twice."""
    require(actor, Perm.CONVERSATION_REPLY)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != DeliveryStatus.FAILED:
        raise ApplicationError(
            _("Only a message that failed to send can be sent again."),
            {"delivery": delivery.pk, "status": delivery.status},
            code="delivery_not_failed",
            status=409,
        )
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    publish(DeliveryCreated(delivery_id=delivery.pk))
    return delivery
