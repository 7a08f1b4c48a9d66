"""Replies to Telegram and Bale through the Bot API: sendMessage, sendPhoto, sendDocument."""

from __future__ import annotations

from hamdel.connectors.bots.client import BotClient, BotError
from hamdel.connectors.selectors import inbox_get
from hamdel.conversations.types import DeliveryResult, OutboundMessage
from hamdel.core import channels


class BotAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        try:
            _kind, inbox_id, chat_id = message.thread_key.split(":", 2)
            inbox = inbox_get(pk=int(inbox_id))
        except ValueError:
            inbox = None
        if inbox is None or not inbox.is_active:
            return DeliveryResult(
                ok=False,
                error=f"No active {message.channel} bot inbox is configured for this chat.",
                retryable=False,
            )
        client = BotClient(inbox)
        try:
            sent = []
            for name, content_type, path in message.attachments:
                with open(path, "rb") as fh:
                    data = fh.read()
                method, field = (
                    ("sendPhoto", "photo")
                    if content_type.startswith("image/")
                    else ("sendDocument", "document")
                )
                sent.append(client.upload(method, field, name, content_type, data, chat_id=chat_id))
            sent.append(client.call("sendMessage", chat_id=chat_id, text=message.text))
        except BotError as exc:
            return DeliveryResult(
                ok=False, error=f"{channels.label(inbox.kind)}: {exc.description}", retryable=exc.retryable
            )
        return DeliveryResult(ok=True, provider_id=str(sent[-1].get("message_id", "")))
