"""The events the conversations app publishes; other apps listen to them from their own `apps.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class MessageCreated(Event):
    """A message, reply or note was stored (inbound messages are analysed from here)."""

    name: ClassVar[str] = "message_created"
    public: ClassVar[str] = "message.received"
    message_id: int


@declare
@dataclass(frozen=True)
class ReplySent(Event):
    """A reply to the customer was stored and queued for its channel (an agent's, or one Hamdel sends itself:
    a survey invitation, a bot's answer). Internal notes never raise it."""

    name: ClassVar[str] = "reply_sent"
    public: ClassVar[str] = "message.sent"
    message_id: int
    conversation_id: int
    channel: str


@declare
@dataclass(frozen=True)
class MessageAnalyzed(Event):
    """The language analysis of an inbound message was stored (the shield routes abusive conversations)."""

    name: ClassVar[str] = "message_analyzed"
    message_id: int
    conversation_id: int
    abusive: bool


@declare
@dataclass(frozen=True)
class ConversationCreated(Event):
    name: ClassVar[str] = "conversation_created"
    public: ClassVar[str] = "conversation.created"
    conversation_id: int


@declare
@dataclass(frozen=True)
class ConversationUpdated(Event):
    """One action changed the conversation; `event_ids` are the ConversationEvent rows it wrote."""

    name: ClassVar[str] = "conversation_updated"
    public: ClassVar[str] = "conversation.updated"
    conversation_id: int
    event_ids: tuple[int, ...] = ()


@declare
@dataclass(frozen=True)
class ConversationResolved(Event):
    name: ClassVar[str] = "conversation_resolved"
    public: ClassVar[str] = "conversation.resolved"
    conversation_id: int


@declare
@dataclass(frozen=True)
class DeliveryCreated(Event):
    """A reply waits in the outbox; the connectors' listener sends it."""

    name: ClassVar[str] = "delivery_created"
    delivery_id: int


@declare
@dataclass(frozen=True)
class DeliveryUpdated(Event):
    name: ClassVar[str] = "delivery_updated"
    delivery_id: int
