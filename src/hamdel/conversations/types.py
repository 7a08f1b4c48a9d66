"""Typed boundaries between channel adapters and the one ingest / reply pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class InboundAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class InboundMessage:
    """What every channel adapter produces from its wire format."""

    channel: str
    identity_kind: str
    address: str
    text: str
    external_id: str = ""
    customer_name: str = ""
    subject: str = ""
    html: str = ""
    thread_key: str = ""
    sent_at: dt.datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    attachments: tuple[InboundAttachment, ...] = ()


@dataclass(frozen=True)
class OutboundMessage:
    """What a channel adapter receives to send one agent reply."""

    message_id: int
    conversation_id: int
    conversation_number: int
    channel: str
    to: dict[str, list[str]]
    subject: str
    text: str
    thread_key: str
    in_reply_to: str
    agent_name: str
    attachments: tuple[tuple[str, str, str], ...] = ()  # (name, content type, file path)


@dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    provider_id: str = ""
    error: str = ""
    retryable: bool = True


@dataclass(frozen=True)
class IngestResult:
    message_id: int
    conversation_id: int
    conversation_number: int
    created: bool
