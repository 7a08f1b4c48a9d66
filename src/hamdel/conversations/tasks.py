"""Background work after a conversation changes: live updates for agents and the analysis hook."""

from __future__ import annotations

from django.tasks import task

from hamdel.conversations.models import Delivery, Direction, Message, MessageKind
from hamdel.core.live import broadcast

INBOX_GROUP = "inbox"


def conversation_group(conversation_id: int) -> str:
    return f"conversation-{conversation_id}"


LIVE = "live"  # the queue the web process runs itself when there is no Redis (cli.start_live_thread)


@task(queue_name=LIVE)
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


@task(queue_name=LIVE)
def notify_conversation(conversation_id: int, event_ids: list[int] | None = None) -> None:
    event = {"type": "conversation.changed", "conversation_id": conversation_id, "message_id": None}
    broadcast(INBOX_GROUP, event)
    broadcast(conversation_group(conversation_id), event)


@task(queue_name=LIVE)
def notify_delivery(delivery_id: int) -> None:
    delivery = Delivery.objects.filter(pk=delivery_id).values("message__conversation_id").first()
    if delivery:
        notify_conversation.call(delivery["message__conversation_id"])


@task()
def analyze_message(message_id: int) -> None:
    """Run the language models on an inbound message once they are installed."""
    from hamdel.conversations.analysis import analyze_and_store

    analyze_and_store(message_id)


def analyze_messages_many(payloads: list[dict]) -> None:
    """analyze_message for a backlog (core/drain.py): one model call and one transaction for the batch."""
    from hamdel.conversations.analysis import analyze_many_and_store

    analyze_many_and_store([p["message_id"] for p in payloads])


def analysis_ensure(message_id: int) -> None:
    """A redelivered message (`created: false`): queue its analysis if it has none (idempotent)."""
    from hamdel.conversations.models import MessageAnalysis

    if not MessageAnalysis.objects.filter(message_id=message_id).exists():
        analyze_message.enqueue(message_id)


def messages_unanalysed() -> list[int]:
    """Customer messages a lease old (and at most HAMDEL_RECOVERY_WINDOW_DAYS) with no analysis and none
    queued: their `message_created` dispatch was lost in a crash between the commit and the enqueue."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from hamdel.core.events import dispatch
    from hamdel.core.recovery import cutoff, pending_calls

    queued = {call["args"][0] for call in pending_calls(analyze_message) if call.get("args")}
    for call in pending_calls(dispatch):
        args = call.get("args") or []
        if len(args) == 2 and args[0] == "message_created":
            queued.add(args[1].get("message_id"))
    since = timezone.now() - dt.timedelta(days=settings.HAMDEL_RECOVERY_WINDOW_DAYS)
    missing = (
        Message.objects.filter(
            direction=Direction.INBOUND,
            kind=MessageKind.MESSAGE,
            created_at__gte=since,
            created_at__lt=cutoff(),
            analysis=None,
        )
        .exclude(text="")
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    return [pk for pk in missing if pk not in queued]


def analysis_requeue() -> int:
    """Recovery: queue the analysis of every message a crash left without one."""
    missing = messages_unanalysed()
    for message_id in missing:
        analyze_message.enqueue(message_id)
    return len(missing)
