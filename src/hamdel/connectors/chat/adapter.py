"""Agent replies reach the visitor's open widget live; the stored message is the record for later visits."""

from __future__ import annotations

from hamdel.connectors.chat.parse import group_for
from hamdel.connectors.chat.service import message_json
from hamdel.conversations.models import Message
from hamdel.conversations.types import DeliveryResult, OutboundMessage
from hamdel.core.live import broadcast


class ChatAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        stored = Message.objects.select_related("author").filter(pk=message.message_id).first()
        if stored is None:
            return DeliveryResult(ok=False, error="The message is gone.", retryable=False)
        broadcast(group_for(message.thread_key), {"type": "chat.message", "message": message_json(stored)})
        return DeliveryResult(ok=True, provider_id="chat")
