"""Replies by SMS through the inbox's gateway; the customer's phone comes from their identities."""

from __future__ import annotations

from hamdel.connectors.models import Inbox
from hamdel.connectors.sms.provider import provider_for
from hamdel.conversations.models import Message
from hamdel.conversations.types import DeliveryResult, OutboundMessage


def _inbox_for(message: OutboundMessage) -> Inbox | None:
    """The inbox the customer last wrote to, else the first active SMS inbox."""
    last = (
        Message.objects.filter(conversation_id=message.conversation_id, direction="in", channel="sms")
        .order_by("-pk")
        .values_list("meta", flat=True)
        .first()
    )
    inbox_id = (last or {}).get("inbox")
    inboxes = Inbox.objects.filter(kind="sms", is_active=True)
    return (inboxes.filter(pk=inbox_id).first() if inbox_id else None) or inboxes.first()


class SmsAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        phones = message.to.get("phone", [])
        if not phones:
            return DeliveryResult(ok=False, error="The customer has no phone number.", retryable=False)
        inbox = _inbox_for(message)
        if inbox is None:
            return DeliveryResult(ok=False, error="No SMS line is configured.", retryable=False)
        sent = provider_for(inbox).send(to=phones[0], text=message.text, local_id=str(message.message_id))
        return DeliveryResult(
            ok=sent.ok, provider_id=sent.provider_id, error=sent.error, retryable=sent.retryable
        )
