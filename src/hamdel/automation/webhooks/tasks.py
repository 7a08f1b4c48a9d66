"""Webhook work done by the workers: fan an event out to its subscriptions, send, retry what is due."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.tasks import default_task_backend, task
from django.utils import timezone

from hamdel.automation.webhooks import selectors, sender
from hamdel.automation.webhooks.models import DeliveryState, WebhookDelivery
from hamdel.automation.webhooks.services import (
    webhook_attempt_record,
    webhook_deliveries_create,
    webhook_deliveries_prune,
    webhook_import_legacy,
)
from hamdel.conversations.models import Direction, Message
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import SYSTEM
from hamdel.core.slots import snapshots_expand

logger = logging.getLogger(__name__)


def _is_public(public: str, payload: dict[str, Any]) -> bool:
    """`message.received` is published for every stored message; integrators hear only the customer's.

    Internal notes must never leave Hamdel, and an agent's reply is not a received message.
    """
    if public != "message.received":
        return True
    message_id = payload.get("message_id")
    return isinstance(message_id, int) and (
        Message.objects.filter(pk=message_id, direction=Direction.INBOUND).exists()
    )


def fan_out(public: str, payload: dict[str, Any]) -> None:
    """One delivery per subscription that hears `public`; each is then sent by its own task.

    `data` is the event's ids plus a snapshot of each object they name (`core.slots.snapshots_expand`),
    taken now and stored with the delivery, so every retry sends the same bytes.
    """
    if not selectors.anyone_hears(public) or not _is_public(public, payload):
        return  # nobody subscribed (the common case) is checked first: one query, no message read
    webhook_deliveries_create(actor=SYSTEM, event=public, data=snapshots_expand(payload))


def listener_for(public: str) -> Any:
    """A listener bound to one public event name (the bus passes only the payload)."""

    def on_event(**payload: Any) -> None:
        fan_out(public, payload)

    on_event.__name__ = on_event.__qualname__ = f"webhooks_on_{public.replace('.', '_')}"
    return on_event


def many_listener_for(public: str) -> Any:
    """`listener_for`'s batch form (core/drain.py): one look at the subscriptions for the whole batch."""

    def on_events(payloads: list[dict[str, Any]]) -> None:
        if not selectors.anyone_hears(public):
            return
        for payload in payloads:
            try:
                fan_out(public, payload)
            except Exception:  # one event's failure costs only itself, as in one dispatch per event
                logger.exception("webhooks for %s failed on %s", public, payload)

    on_events.__name__ = on_events.__qualname__ = f"webhooks_on_many_{public.replace('.', '_')}"
    return on_events


def deliver_later(delivery_id: int) -> None:
    """Listener for WebhookDeliveryQueued."""
    deliver.enqueue(delivery_id)


@task()
def deliver(delivery_id: int) -> str:
    """One attempt; on a retryable failure the next one is scheduled (or picked up by `deliver_due`)."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.state in (DeliveryState.SUCCEEDED, DeliveryState.FAILED):
        return "skipped"
    if (
        delivery.state == DeliveryState.RETRYING
        and delivery.next_attempt_at
        and delivery.next_attempt_at > timezone.now()
    ):
        return "not_due"
    subscription = delivery.subscription
    try:
        attempt = sender.send(
            url=subscription.url,
            secret=subscription.secret,
            delivery_id=str(delivery.uuid),
            event=delivery.event,
            body=delivery.body.encode(),
        )
    except Exception as exc:  # a bug must show in the delivery log, not vanish
        logger.exception("webhook delivery %s failed", delivery_id)
        attempt = sender.Attempt(ok=False, retryable=True, error=f"{type(exc).__name__}: {exc}"[:500])
    delivery = webhook_attempt_record(actor=SYSTEM, delivery_id=delivery_id, attempt=attempt)
    if delivery.state == DeliveryState.RETRYING and default_task_backend.supports_defer:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    return str(delivery.state)


@task()
def deliver_due() -> int:
    """Periodic: send every retry whose time has come (for backends that cannot defer, and lost tasks)."""
    due = list(
        WebhookDelivery.objects.filter(
            state=DeliveryState.RETRYING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:200]
    )
    for pk in due:
        deliver.call(pk)
    return len(due)


@task()
def prune_deliveries() -> int:
    """Periodic (hourly): the delivery log keeps HAMDEL_WEBHOOKS_KEEP_DAYS days."""
    return webhook_deliveries_prune(actor=SYSTEM)


@task()
def import_legacy_hook() -> str:
    """While HAMDEL_GENERIC_WEBHOOK_URL is set: warn that it is deprecated and make it a subscription once.

    Run by the scheduler at start (`hamdel serve`, `hamdel scheduler`) and every 6 hours after, so setting
    the variable later, on a running installation, is picked up too. A URL Hamdel may not call (a private
    address without HAMDEL_WEBHOOKS_ALLOW_PRIVATE) is logged as an error and tried again next time.
    """
    url = settings.HAMDEL_GENERIC_WEBHOOK_URL
    if not url:
        return "unset"
    logger.warning(
        "HAMDEL_GENERIC_WEBHOOK_URL is deprecated: it is now the webhook subscription to `message.sent` "
        '(settings → Webhooks), signed `X-Hamdel-Signature: t=<unix>,v1=<HMAC of "<t>.<body>">` with '
        "the same secret. Update the receiver (docs/webhooks.md), then remove the variable."
    )
    try:
        created = webhook_import_legacy(
            actor=SYSTEM,
            url=url,
            secret=settings.HAMDEL_GENERIC_WEBHOOK_SECRET,
            events=["message.sent"],
        )
    except ApplicationError as exc:
        logger.error("HAMDEL_GENERIC_WEBHOOK_URL could not become a subscription: %s %s", exc.code, exc.extra)
        return "refused"
    if created is None:
        return "already"
    logger.warning("HAMDEL_GENERIC_WEBHOOK_URL became webhook subscription %s", created.pk)
    return "created"
