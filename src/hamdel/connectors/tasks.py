"""Deliver outbound messages through their channel's adapter, with retries and backoff."""

from __future__ import annotations

import logging

from django.tasks import default_task_backend, task

from hamdel.connectors.registry import adapter_for
from hamdel.conversations.models import Delivery, DeliveryStatus
from hamdel.conversations.services import delivery_record_result
from hamdel.conversations.types import DeliveryResult, OutboundMessage

logger = logging.getLogger(__name__)


def outbound_for(delivery: Delivery) -> OutboundMessage:
    message = delivery.message
    conversation = message.conversation
    customer = conversation.customer
    to: dict[str, list[str]] = {}
    for identity in customer.identities.all():
        to.setdefault(identity.kind, []).append(identity.address)
    last_inbound = (
        conversation.messages.filter(direction="in").exclude(external_id="").order_by("-id").first()
    )
    return OutboundMessage(
        message_id=message.pk,
        conversation_id=conversation.pk,
        conversation_number=conversation.number,
        channel=conversation.channel,
        to=to,
        subject=conversation.subject,
        text=message.text,
        thread_key=conversation.thread_key,
        in_reply_to=last_inbound.external_id if last_inbound else "",
        agent_name=message.author.name if message.author else "",
        attachments=tuple((a.name, a.content_type, a.file.path) for a in message.attachments.all()),
    )


@task()
def deliver(delivery_id: int) -> str:
    """Send one reply; on a retryable failure schedule the next attempt with backoff."""
    delivery = (
        Delivery.objects.select_related("message__conversation__customer", "message__author")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        return "skipped"
    adapter = adapter_for(delivery.message.channel)
    if adapter is None:
        result = DeliveryResult(
            ok=False,
            error=f"No adapter is configured for the {delivery.message.channel} channel.",
            retryable=False,
        )
    else:
        try:
            result = adapter.send(outbound_for(delivery))
        except Exception as exc:  # an adapter bug must show on the message, not vanish in a log
            logger.exception("adapter failed for delivery %s", delivery_id)
            result = DeliveryResult(ok=False, error=f"{type(exc).__name__}: {exc}", retryable=True)
    delivery = delivery_record_result(delivery_id=delivery_id, result=result)
    if delivery.status == DeliveryStatus.RETRYING and default_task_backend.supports_defer:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    return delivery.status


LIVE_CHANNELS = frozenset({"chat"})
"""Channels whose adapter sends over the Channels layer: without Redis that must run in the web process."""


def deliver_later(delivery_id: int) -> None:
    """Listener for `delivery_created`: sending runs in its own task so that it can be retried alone.

    A chat reply goes to the "live" queue, run where the visitor's socket is (see `hamdel serve`)."""
    channel = Delivery.objects.filter(pk=delivery_id).values_list("message__channel", flat=True).first()
    (deliver.using(queue_name="live") if channel in LIVE_CHANNELS else deliver).enqueue(delivery_id)


@task()
def process_envelope(envelope_id: int) -> str:
    """Parse and ingest a stored webhook payload; a failure stays on the envelope for `hamdel replay`.

    Safe to run twice (recovery may queue it again): only an envelope still `received` is processed.
    """
    from hamdel.connectors.pipeline import process_once

    outcome = process_once(envelope_id)
    if outcome == "failed":
        logger.info("envelope %s not ingested", envelope_id)
    return outcome


def envelopes_unqueued() -> list[int]:
    """Envelopes still `received` a lease after arrival with no parse queued: a crash lost their task."""
    from hamdel.conversations.models import EnvelopeStatus, InboundEnvelope
    from hamdel.core.recovery import cutoff, pending_calls

    queued = {call["args"][0] for call in pending_calls(process_envelope) if call.get("args")}
    late = InboundEnvelope.objects.filter(status=EnvelopeStatus.RECEIVED, received_at__lt=cutoff())
    return [pk for pk in late.order_by("pk").values_list("pk", flat=True)[:5000] if pk not in queued]


def envelopes_requeue() -> int:
    """Recovery: queue the parse of every envelope a crash left `received`."""
    missing = envelopes_unqueued()
    for envelope_id in missing:
        process_envelope.enqueue(envelope_id)
    if missing:
        logger.warning("recovery: %s received envelope(s) queued again", len(missing))
    return len(missing)
