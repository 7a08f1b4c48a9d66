"""Reads for the API and the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hamdel.automation.webhooks.catalogue import event_fields, public_events
from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription
from hamdel.core.permissions import Perm, require


def subscription_list(*, actor: Any) -> QuerySet[WebhookSubscription]:
    require(actor, Perm.WEBHOOK_MANAGE)
    return WebhookSubscription.objects.order_by("pk")


def subscription_get(*, actor: Any, pk: int) -> WebhookSubscription:
    """Permission first, then the 404: someone without the right never learns which ids exist."""
    require(actor, Perm.WEBHOOK_MANAGE)
    return get_object_or_404(WebhookSubscription, pk=pk)


def delivery_get(*, actor: Any, subscription_id: int, delivery_uuid: uuid.UUID) -> WebhookDelivery:
    require(actor, Perm.WEBHOOK_MANAGE)
    return get_object_or_404(WebhookDelivery, subscription_id=subscription_id, uuid=delivery_uuid)


def delivery_list(
    *, actor: Any, subscription: WebhookSubscription, limit: int = 100
) -> QuerySet[WebhookDelivery]:
    require(actor, Perm.WEBHOOK_MANAGE)
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-pk")[:limit]


def event_catalogue(*, actor: Any) -> list[dict[str, object]]:
    """Every public event a subscription may hear, with its `data` fields."""
    require(actor, Perm.WEBHOOK_MANAGE)
    return [
        {
            "name": name,
            "fields": dict(event_fields(cls)),
            "description": " ".join((cls.__doc__ or "").split()),
        }
        for name, cls in public_events().items()
    ]


def anyone_hears(public: str) -> bool:
    """Whether an enabled subscription chose this event (before building any snapshot for it)."""
    return any(
        public in events
        for events in WebhookSubscription.objects.filter(enabled=True).values_list("events", flat=True)
    )
