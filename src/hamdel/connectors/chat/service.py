"""Chat visitors: receive a message, remember their contact details, read their conversation."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from hamdel.accounts.models import User
from hamdel.connectors import pipeline
from hamdel.connectors.chat.parse import thread_key
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Direction, Message, MessageKind
from hamdel.conversations.types import IngestResult
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer
from hamdel.customers.services import customer_add_identity


def chat_receive(*, inbox: Inbox, visitor: str, data: dict[str, Any]) -> IngestResult:
    """Store then ingest a visitor's message; a phone or e-mail from the pre-chat form joins the profile."""
    payload = {k: data.get(k) for k in ("client_id", "text", "name", "contact", "files", "page")}
    payload["visitor"] = visitor
    result = pipeline.receive(
        source="chat", payload=json.dumps(payload, ensure_ascii=False), headers={"inbox": inbox.pk}
    )
    contact = str(data.get("contact") or "").strip()
    if contact and result.created:
        customer = Customer.objects.filter(conversations__pk=result.conversation_id).first()
        kind = "email" if "@" in contact else "phone"
        try:
            if customer:
                customer_add_identity(customer=customer, kind=kind, address=contact)
        except ApplicationError:
            pass  # a mistyped or someone else's address stays in the message's meta for the agent
    return result


def chat_history(*, inbox: Inbox, visitor: str, after: int = 0) -> QuerySet[Message]:
    """What the visitor may see: the messages of their chat, never internal notes or events."""
    return (
        Message.objects.filter(
            conversation__thread_key=thread_key(inbox.pk, visitor),
            kind=MessageKind.MESSAGE,
            direction__in=[Direction.INBOUND, Direction.OUTBOUND],
            pk__gt=after,
        )
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("pk")[:200]
    )


def agents_available() -> bool:
    return User.objects.filter(is_active=True, is_available=True).exists()


def message_json(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "mine": message.direction == Direction.INBOUND,
        "text": message.text,
        "author": message.author.name if message.author else "",
        "at": message.created_at.isoformat(),
        "files": [{"name": a.name, "url": a.customer_url} for a in message.attachments.all()],
    }
