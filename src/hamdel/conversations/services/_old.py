"""Conversation writes: ingest, reply, notes, status and routing changes. Each function is one transaction.

Every change to a conversation also writes an event message, so the timeline is the audit trail, and
publishes a domain event whose listeners run as tasks after commit.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team, User
from hamdel.conversations.models import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    Attachment,
    CannedReply,
    Conversation,
    Delivery,
    DeliveryStatus,
    Direction,
    EnvelopeStatus,
    InboundEnvelope,
    Message,
    MessageKind,
    Priority,
    SearchDocument,
    Status,
    Tag,
)
from hamdel.conversations.types import DeliveryResult, InboundAttachment, InboundMessage, IngestResult
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.models import next_number
from hamdel.customers.services import customer_resolve
from hamdel.language.normalize import fold_for_search

MAX_TEXT = 200_000


def _preview(text: str) -> str:
    return " ".join(text.split())[:200]


def _index(conversation: Conversation, body: str, message: Message | None = None) -> None:
    if body.strip():
        SearchDocument.objects.create(conversation=conversation, message=message, body=fold_for_search(body))


def _event(conversation: Conversation, actor: User | None, event: str, **data: Any) -> Message:
    """Write a timeline event; the text is rendered (and translated) at display time from `meta`."""
    return Message.objects.create(
        conversation=conversation,
        direction=Direction.INTERNAL,
        kind=MessageKind.EVENT,
        author=actor,
        channel=conversation.channel,
        meta={"event": event, **data},
    )


def check_attachment(name: str, content_type: str, size: int) -> str:
    """Refuse files that are too big or of a type agents should not open; return the checked type."""
    content_type = (content_type or mimetypes.guess_type(name)[0] or "application/octet-stream").lower()
    if size > settings.HAMDEL_MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            "The file is too large.", {"attachment": name, "max_bytes": settings.HAMDEL_MAX_ATTACHMENT_BYTES}
        )
    if content_type not in settings.HAMDEL_ALLOWED_ATTACHMENT_TYPES:
        raise ApplicationError(
            _("This file type is not accepted."), {"attachment": name, "type": content_type}
        )
    return content_type


def _store_attachments(message: Message, attachments: tuple[InboundAttachment, ...] | list[Any]) -> None:
    for item in attachments:
        content_type = check_attachment(item.name, item.content_type, len(item.data))
        attachment = Attachment(
            message=message, name=item.name[:255], content_type=content_type, size=len(item.data)
        )
        attachment.file.save(item.name[:100], ContentFile(item.data), save=False)
        attachment.save()


# --- inbound ------------------------------------------------------------------------------------------------


def envelope_store(
    *, channel: str, payload: str | bytes | dict[str, Any], headers: dict[str, Any] | None = None
) -> InboundEnvelope:
    """Keep the raw payload in its own committed transaction before anything tries to parse it."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", errors="replace")
    elif not isinstance(payload, str):
        payload = json.dumps(payload, ensure_ascii=False)
    with transaction.atomic():
        return InboundEnvelope.objects.create(channel=channel, payload=payload, headers=headers or {})


def envelope_mark(
    *, envelope: InboundEnvelope, status: str, error: str = "", message_id: int | None = None
) -> None:
    envelope.status = status
    envelope.error = error[:5000]
    envelope.message_id = message_id
    envelope.attempts += 1
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
        raise ApplicationError(_("A message needs text or an attachment."), {"text": "required"})
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
        return existing


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
    if conversation is None:
        subject = (inbound.subject or _preview(text)[:80]).strip()
        conversation = Conversation.objects.create(
            number=next_number("conversation"),
            subject=subject[:300],
            customer=customer,
            channel=inbound.channel,
            thread_key=inbound.thread_key[:300],
            last_message_at=now,
        )
        _index(conversation, f"{subject} {customer.name} {inbound.address}")
        publish("conversation_created", conversation_id=conversation.pk)
    elif conversation.status == Status.RESOLVED:
        conversation.status = Status.OPEN
        conversation.reopen_count += 1
        conversation.resolved_at = None
        _event(conversation, None, "reopened")
    elif conversation.status == Status.PENDING:
        conversation.status = Status.OPEN  # the customer answered: it is the team's turn again
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
    _store_attachments(message, inbound.attachments)
    _index(conversation, text, message)
    conversation.last_message_at = now
    conversation.last_inbound_at = now
    conversation.message_count += 1
    conversation.preview = _preview(text)
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
    publish("message_created", message_id=message.pk)
    return IngestResult(message.pk, conversation.pk, conversation.number, created=True)


# --- outbound -----------------------------------------------------------------------------------------------


def render_canned(*, canned: CannedReply, conversation: Conversation, agent: User) -> str:
    """Fill the placeholders a team lead may use in a canned reply."""
    values = {
        "customer_name": conversation.customer.name or "",
        "agent_name": agent.name,
        "conversation_number": str(conversation.number),
    }
    text = canned.text
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


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
    if not text.strip():
        raise ApplicationError(_("A reply cannot be empty."), {"text": "required"})
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
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
    _store_attachments(message, attachments or [])
    delivery = Delivery.objects.create(message=message)
    _index(conversation, message.text, message)
    if author is not None:
        conversation.first_response_at = conversation.first_response_at or now
        if conversation.assignee_id is None:
            conversation.assignee = author
    conversation.last_message_at = now
    conversation.message_count += 1
    conversation.preview = _preview(message.text)
    conversation.save()
    if status and status != conversation.status:
        conversation_set_status(conversation=conversation, status=status, actor=author)
    elif conversation.status == Status.NEW and author is not None:
        conversation_set_status(conversation=conversation, status=Status.OPEN, actor=author)
    publish("delivery_created", delivery_id=delivery.pk)
    publish("message_created", message_id=message.pk)
    return message


@transaction.atomic
def note_add(*, conversation: Conversation, author: User, text: str) -> Message:
    """Internal notes are seen by the team only and never delivered."""
    if not text.strip():
        raise ApplicationError(_("A note cannot be empty."), {"text": "required"})
    message = Message.objects.create(
        conversation=conversation,
        direction=Direction.INTERNAL,
        kind=MessageKind.NOTE,
        author=author,
        text=text.strip()[:MAX_TEXT],
        channel=conversation.channel,
    )
    _index(conversation, message.text, message)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=timezone.now())
    publish("message_created", message_id=message.pk)
    return message


def delivery_backoff(attempts: int) -> dt.timedelta:
    """30 s, 2 min, 8 min, 32 min …: quick retries for blips, patient ones for outages."""
    return dt.timedelta(seconds=30 * 4 ** max(0, attempts - 1))


@transaction.atomic
def delivery_record_result(*, delivery_id: int, result: DeliveryResult) -> Delivery:
    """Called by the connectors' deliver task: the outcome becomes visible on the message."""
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
    publish("delivery_updated", delivery_id=delivery.pk)
    return delivery


@transaction.atomic
def delivery_retry(*, delivery: Delivery) -> Delivery:
    """An agent asks to send a failed message again."""
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    publish("delivery_created", delivery_id=delivery.pk)
    return delivery


# --- changes ------------------------------------------------------------------------------------------------


def _lock(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


@transaction.atomic
def conversation_set_status(*, conversation: Conversation, status: str, actor: User | None) -> Conversation:
    if status not in Status.values:
        raise ApplicationError(_("Unknown status."), {"status": status})
    conv = _lock(conversation)
    old = conv.status
    if old == status:
        return conv
    now = timezone.now()
    conv.status = status
    if status == Status.RESOLVED:
        conv.resolved_at = now
    elif status == Status.CLOSED:
        conv.closed_at = now
        conv.resolved_at = conv.resolved_at or now
    elif old in (Status.RESOLVED, Status.CLOSED):
        conv.reopen_count += 1
        conv.resolved_at = None
        conv.closed_at = None
    conv.save(update_fields=["status", "resolved_at", "closed_at", "reopen_count", "updated_at"])
    _event(conv, actor, "status", old=old, new=status)
    if status == Status.RESOLVED:
        publish("conversation_resolved", conversation_id=conv.pk)
    publish("conversation_updated", conversation_id=conv.pk)
    _copy(conv, conversation)
    return conv


@transaction.atomic
def conversation_set_priority(
    *, conversation: Conversation, priority: str, actor: User | None, reason: str = ""
) -> Conversation:
    if priority not in Priority.values:
        raise ApplicationError(_("Unknown priority."), {"priority": priority})
    conv = _lock(conversation)
    if conv.priority == priority:
        return conv
    old, conv.priority = conv.priority, priority
    conv.save(update_fields=["priority", "updated_at"])
    _event(conv, actor, "priority", old=old, new=priority, reason=reason)
    publish("conversation_updated", conversation_id=conv.pk)
    _copy(conv, conversation)
    return conv


def conversation_raise_priority(*, conversation: Conversation, priority: str, reason: str) -> Conversation:
    """Raise (never lower) the priority, e.g. when analysis finds an urgent or abusive message."""
    if PRIORITY_RANK[Priority(priority)] <= PRIORITY_RANK[Priority(conversation.priority)]:
        return conversation
    return conversation_set_priority(conversation=conversation, priority=priority, actor=None, reason=reason)


@transaction.atomic
def conversation_assign(
    *, conversation: Conversation, assignee: User | None, actor: User | None
) -> Conversation:
    conv = _lock(conversation)
    if conv.assignee_id == (assignee.pk if assignee else None):
        return conv
    old = conv.assignee.name if conv.assignee else ""
    conv.assignee = assignee
    conv.save(update_fields=["assignee", "updated_at"])
    _event(conv, actor, "assignee", old=old, new=assignee.name if assignee else "")
    publish("conversation_updated", conversation_id=conv.pk)
    _copy(conv, conversation)
    return conv


@transaction.atomic
def conversation_set_team(
    *, conversation: Conversation, team: Team | None, actor: User | None, round_robin: bool = False
) -> Conversation:
    """Move to a team; with round_robin, also give it to the next available member of that team."""
    conv = _lock(conversation)
    if conv.team_id != (team.pk if team else None):
        old = conv.team.name if conv.team else ""
        conv.team = team
        conv.save(update_fields=["team", "updated_at"])
        _event(conv, actor, "team", old=old, new=team.name if team else "")
        publish("conversation_updated", conversation_id=conv.pk)
    if team and round_robin:
        agent = team_next_agent(team=team)
        if agent:
            conv = conversation_assign(conversation=conv, assignee=agent, actor=actor)
    _copy(conv, conversation)
    return conv


@transaction.atomic
def team_next_agent(*, team: Team) -> User | None:
    """Round-robin among the team's available, active members, fairly across processes (row lock)."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    members = list(team.members.filter(is_active=True, is_available=True).order_by("pk"))
    if not members:
        return None
    last = team.last_assigned_id or 0
    agent = next((m for m in members if m.pk > last), members[0])
    team.last_assigned = agent
    team.save(update_fields=["last_assigned"])
    return agent


@transaction.atomic
def conversation_set_tags(
    *, conversation: Conversation, names: list[str], actor: User | None
) -> Conversation:
    wanted = {n.strip()[:60] for n in names if n.strip()}
    current = {t.name for t in conversation.tags.all()}
    if wanted == current:
        return conversation
    tags = [Tag.objects.get_or_create(name=n)[0] for n in sorted(wanted)]
    conversation.tags.set(tags)
    added, removed = sorted(wanted - current), sorted(current - wanted)
    _event(conversation, actor, "tags", added=added, removed=removed)
    publish("conversation_updated", conversation_id=conversation.pk)
    return conversation


@transaction.atomic
def conversation_add_tag(*, conversation: Conversation, name: str, actor: User | None) -> Conversation:
    names = [t.name for t in conversation.tags.all()] + [name]
    return conversation_set_tags(conversation=conversation, names=names, actor=actor)


@transaction.atomic
def conversations_bulk(
    *, conversations: list[Conversation], action: str, actor: User, value: str = ""
) -> int:
    """Apply one inbox bulk action (assign, close, resolve, tag) to each selected conversation."""
    done = 0
    for conv in conversations:
        if action == "close":
            conversation_set_status(conversation=conv, status=Status.CLOSED, actor=actor)
        elif action == "resolve":
            conversation_set_status(conversation=conv, status=Status.RESOLVED, actor=actor)
        elif action == "assign":
            assignee = User.objects.filter(pk=int(value)).first() if value else None
            if value and assignee is None:
                raise ApplicationError(_("No such agent."), {"value": value})
            conversation_assign(conversation=conv, assignee=assignee, actor=actor)
        elif action == "tag":
            if not value.strip():
                raise ApplicationError(_("Name the tag to add."), {"value": "required"})
            conversation_add_tag(conversation=conv, name=value, actor=actor)
        else:
            raise ApplicationError(_("Unknown bulk action."), {"action": action})
        done += 1
    return done


def _copy(source: Conversation, target: Conversation) -> None:
    """Keep the caller's instance in step with the locked copy that was saved."""
    if source is not target:
        target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})


@transaction.atomic
def tag_create(*, name: str, color: str = "#64748b") -> Tag:
    name = name.strip()[:60]
    if Tag.objects.filter(name=name).exists():
        raise ApplicationError(_("A tag with this name exists."), {"name": name}, status=409)
    return Tag.objects.create(name=name, color=color)


@transaction.atomic
def canned_reply_create(*, title: str, shortcut: str, text: str) -> CannedReply:
    if CannedReply.objects.filter(shortcut=shortcut).exists():
        raise ApplicationError(
            _("A canned reply with this shortcut exists."), {"shortcut": shortcut}, status=409
        )
    canned = CannedReply(title=title.strip(), shortcut=shortcut, text=text)
    try:
        canned.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The canned reply is not valid."), exc.message_dict) from exc
    canned.save()
    return canned
