"""Conversations and messages as systems outside Hamdel see them (webhook payloads), in the API's shapes.

Registered in `core.slots` as snapshots of `conversation_id` and `message_id`; the webhooks feature adds
them to each delivery's `data` beside the ids. Internal notes are never described: a note's snapshot is None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from hamdel.conversations.api import CustomerRef
from hamdel.conversations.models import Conversation, Direction, Message


class Ref(Schema):
    id: int
    name: str


class ConversationSnapshot(Schema):
    """The conversation when the event happened: its number, state, people and tags."""

    id: int
    number: int
    subject: str
    status: str
    priority: str
    channel: str
    tags: list[str]
    assignee: Ref | None
    team: Ref | None
    customer: CustomerRef
    thread_key: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class MessageSnapshot(Schema):
    """The message: `direction` is `in` (the customer's) or `out` (a reply); `author` is null for the
    customer and for messages Hamdel sends itself."""

    id: int
    conversation_id: int
    direction: str
    text: str
    channel: str
    author: Ref | None
    created_at: dt.datetime


def conversation_snapshot(conversation_id: int) -> dict[str, Any] | None:
    conv = (
        Conversation.objects.select_related("customer", "assignee", "team")
        .prefetch_related("tags")
        .filter(pk=conversation_id)
        .first()
    )
    if conv is None:
        return None
    return ConversationSnapshot(
        id=conv.pk,
        number=conv.number,
        subject=conv.subject,
        status=conv.status,
        priority=conv.priority,
        channel=conv.channel,
        tags=sorted(t.name for t in conv.tags.all()),
        assignee=Ref(id=conv.assignee.pk, name=conv.assignee.name) if conv.assignee else None,
        team=Ref(id=conv.team.pk, name=conv.team.name) if conv.team else None,
        customer=CustomerRef(id=conv.customer_id, name=conv.customer.name),
        thread_key=conv.thread_key,
        created_at=conv.created_at,
        resolved_at=conv.resolved_at,
    ).model_dump(mode="json")


def message_snapshot(message_id: int) -> dict[str, Any] | None:
    message = Message.objects.select_related("author").filter(pk=message_id).first()
    if message is None or message.direction == Direction.INTERNAL:
        return None
    return MessageSnapshot(
        id=message.pk,
        conversation_id=message.conversation_id,
        direction=message.direction,
        text=message.text,
        channel=message.channel,
        author=Ref(id=message.author.pk, name=message.author.name) if message.author else None,
        created_at=message.created_at,
    ).model_dump(mode="json")


def register() -> None:
    from hamdel.core.slots import Snapshot, snapshot_register

    snapshot_register(
        Snapshot("conversation_id", "conversation", conversation_snapshot, ConversationSnapshot)
    )
    snapshot_register(Snapshot("message_id", "message", message_snapshot, MessageSnapshot))
