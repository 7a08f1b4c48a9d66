"""Inbound: the raw envelope first, then one `ingest()` for every channel.

Ingest is Hamdel's own action (no staff permission): the channel's webhook or poller has already proved
who is speaking. Its changes to the conversation are recorded with the customer as the actor.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Callable
from typing import Any

import nh3
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.conversations.events import ConversationCreated, MessageCreated
from hamdel.conversations.models import (
    OPEN_STATUSES,
    Conversation,
    ConversationEvent,
    Direction,
    EnvelopeStatus,
    EventType,
    InboundEnvelope,
    Message,
    MessageKind,
    Status,
)
from hamdel.conversations.services._common import (
    MAX_TEXT,
    check_attachments,
    index,
    preview,
    store_attachments,
)
from hamdel.conversations.services.history import event_record, publish_changes
from hamdel.conversations.types import InboundMessage, IngestResult
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.models import next_number
from hamdel.customers.services import customer_resolve
from hamdel.language.abuse import mask

PREVIEW_SOURCE = 2000
"""The preview (200 characters) is masked from this much of the text, not from a whole 200,000."""


PAYLOAD_ENCODING = "payload_encoding"


def envelope_store(
    *, channel: str, payload: str | bytes | dict[str, Any], headers: dict[str, Any] | None = None
) -> InboundEnvelope:
    """Keep the raw payload in its own committed transaction before anything tries to parse it.

    Bytes that are not UTF-8 are never replaced: they are kept exactly, base64-encoded (headers say
    `payload_encoding: base64`), and the envelope is marked failed with the offending byte's position."""
    envelope = envelope_build(channel=channel, payload=payload, headers=headers)
    with transaction.atomic():
        envelope.save(force_insert=True)
    return envelope


def envelope_build(
    *, channel: str, payload: str | bytes | dict[str, Any], headers: dict[str, Any] | None = None
) -> InboundEnvelope:
    """The unsaved envelope `envelope_store` writes (a batch inserts many of them at once)."""
    headers, status, error = dict(headers or {}), EnvelopeStatus.RECEIVED, ""
    if isinstance(payload, bytes):
        raw = payload
        try:
            payload = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            headers[PAYLOAD_ENCODING] = "base64"
            status, error = EnvelopeStatus.FAILED, f"invalid UTF-8 at byte {exc.start}"
            payload = base64.b64encode(raw).decode("ascii")
    elif not isinstance(payload, str):
        payload = json.dumps(payload, ensure_ascii=False)
    return InboundEnvelope(channel=channel, payload=payload, headers=headers, status=status, error=error)


def envelope_outcome(
    envelope: InboundEnvelope, status: str, error: str = "", message_id: int | None = None
) -> None:
    """Set what became of an envelope, unsaved: the set-wise path saves many in one statement."""
    envelope.status = status
    envelope.error = error[:5000]
    envelope.message_id = message_id
    envelope.attempts += 1


def envelope_mark(
    *, envelope: InboundEnvelope, status: str, error: str = "", message_id: int | None = None
) -> None:
    envelope_outcome(envelope, status, error, message_id)
    envelope.save(update_fields=["status", "error", "message", "attempts"])


def _find_conversation(inbound: InboundMessage, customer_id: int) -> Conversation | None:
    """Threading: an explicit thread key wins; otherwise the customer's open conversation on that channel."""
    qs = Conversation.objects.select_for_update().filter(channel=inbound.channel)
    if inbound.thread_key:
        return (
            qs.filter(thread_key=inbound.thread_key)
            .exclude(status=Status.CLOSED)
            .order_by("-last_message_at")
            .first()
        )
    return qs.filter(customer_id=customer_id, status__in=OPEN_STATUSES).order_by("-last_message_at").first()


def ingest(inbound: InboundMessage, *, envelope: InboundEnvelope | None = None) -> IngestResult:
    """Store one inbound message exactly once and start everything that follows it.

    Duplicates are caught by the unique (channel, external_id) constraint rather than a look-up first:
    redeliveries are rare, and this saves a query on every new message.
    """
    if not inbound.text.strip() and not inbound.attachments:
        raise ApplicationError(
            _("A message needs text or an attachment."), {"text": "required"}, code="required"
        )
    check_attachments(inbound.attachments)
    try:
        with transaction.atomic():
            result = _ingest_new(inbound)
            if envelope:
                envelope_mark(envelope=envelope, status=EnvelopeStatus.INGESTED, message_id=result.message_id)
            return result
    except IntegrityError:
        # Delivered before (or by a concurrent request that won the race): answer with the stored one.
        existing = _existing(inbound) if inbound.external_id else None
        if existing is None:
            raise
        if envelope:
            envelope_mark(envelope=envelope, status=EnvelopeStatus.DUPLICATE, message_id=existing.message_id)
        _ensure_follow_ups(existing.message_id)
        return existing


_redelivered: list[Callable[[int], None]] = []


def redelivered_hook_register(hook: Callable[[int], None]) -> None:
    """`hook(message_id)` runs on commit when a message arrives again (`created: false`).

    A client retries when it did not hear our answer: the first try may have committed the message and died
    before its follow-up work was queued. The analysis registers its check here (conversations.listeners),
    so this service does not import the tasks module.
    """
    if hook not in _redelivered:
        _redelivered.append(hook)


def _ensure_follow_ups(message_id: int) -> None:
    for hook in _redelivered:
        transaction.on_commit(functools.partial(hook, message_id))


def _existing(inbound: InboundMessage) -> IngestResult | None:
    found = (
        Message.objects.filter(channel=inbound.channel, external_id=inbound.external_id)
        .values_list("pk", "conversation_id", "conversation__number")
        .first()
    )
    return IngestResult(*found, created=False) if found else None


def _ingest_new(inbound: InboundMessage) -> IngestResult:
    customer = customer_resolve(
        kind=inbound.identity_kind, address=inbound.address, name=inbound.customer_name
    )
    now = timezone.now()
    conversation = _find_conversation(inbound, customer.pk)
    text = inbound.text[:MAX_TEXT]
    events: list[ConversationEvent] = []
    if conversation is None:
        # The inbox shows the subject and the preview: insults there are masked too (language.abuse).
        masked = preview(mask(text[:PREVIEW_SOURCE]))
        subject = (mask(inbound.subject) if inbound.subject else masked[:80]).strip()
        conversation = Conversation.objects.create(
            number=next_number("conversation"),
            subject=subject[:300],
            customer=customer,
            channel=inbound.channel,
            thread_key=inbound.thread_key[:300],
            last_message_at=now,
        )
        index(conversation, f"{subject} {customer.name} {inbound.address}")
        event_record(conversation, customer, EventType.CREATED, new=Status.NEW, channel=inbound.channel)
        publish(ConversationCreated(conversation_id=conversation.pk))
    elif conversation.status == Status.RESOLVED:
        conversation.status = Status.OPEN
        conversation.reopen_count += 1
        conversation.resolved_at = None
        events.append(
            event_record(conversation, customer, EventType.REOPENED, old=Status.RESOLVED, new=Status.OPEN)
        )
    elif conversation.status == Status.PENDING:
        conversation.status = Status.OPEN  # the customer answered: it is the team's turn again
        events.append(
            event_record(
                conversation, customer, EventType.STATUS_CHANGED, old=Status.PENDING, new=Status.OPEN
            )
        )
    message = Message.objects.create(
        conversation=conversation,
        direction=Direction.INBOUND,
        kind=MessageKind.MESSAGE,
        text=text,
        html=nh3.clean(inbound.html) if inbound.html else "",
        channel=inbound.channel,
        external_id=inbound.external_id[:255],
        meta=inbound.meta,
        sent_at=inbound.sent_at,
    )
    store_attachments(message, inbound.attachments)
    index(conversation, text, message)
    conversation.last_message_at = now
    conversation.last_inbound_at = now
    conversation.message_count += 1
    conversation.preview = preview(mask(text[:PREVIEW_SOURCE]))
    conversation.save(
        update_fields=[
            "status",
            "reopen_count",
            "resolved_at",
            "last_message_at",
            "last_inbound_at",
            "message_count",
            "preview",
            "updated_at",
        ]
    )
    publish_changes(conversation, events)
    publish(MessageCreated(message_id=message.pk))
    return IngestResult(message.pk, conversation.pk, conversation.number, created=True)
