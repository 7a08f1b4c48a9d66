"""Background work after a conversation changes: live updates for agents and the analysis hook."""

from __future__ import annotations

from django.tasks import task

from hamdel.conversations.models import Delivery, Message
from hamdel.core.live import broadcast

INBOX_GROUP = "inbox"


def conversation_group(conversation_id: int) -> str:
    return f"conversation-{conversation_id}"


@task()
def notify_message(message_id: int) -> None:
    """Tell open inboxes and the conversation page that something arrived."""
    message = Message.objects.filter(pk=message_id).values("conversation_id", "direction", "kind").first()
    if message is None:
        return
    event = {
        "type": "conversation.changed",
        "conversation_id": message["conversation_id"],
        "message_id": message_id,
        "direction": message["direction"],
    }
    broadcast(INBOX_GROUP, event)
    broadcast(conversation_group(message["conversation_id"]), event)


@task()
def notify_conversation(conversation_id: int, event_ids: list[int] | None = None) -> None:
    event = {"type": "conversation.changed", "conversation_id": conversation_id, "message_id": None}
    broadcast(INBOX_GROUP, event)
    broadcast(conversation_group(conversation_id), event)


@task()
def notify_delivery(delivery_id: int) -> None:
    delivery = Delivery.objects.filter(pk=delivery_id).values("message__conversation_id").first()
    if delivery:
        notify_conversation.call(delivery["message__conversation_id"])


@task()
def analyze_message(message_id: int) -> None:
    """Run the language models on an inbound message once they are installed."""
    from hamdel.conversations.analysis import analyze_and_store

    analyze_and_store(message_id)
