"""Reads for the API and the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription


def subscription_list() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.order_by("pk")


def delivery_list(subscription: WebhookSubscription, limit: int = 100) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-pk")[:limit]


def anyone_hears(public: str) -> bool:
    """Whether an enabled subscription chose this event (before building any snapshot for it)."""
    return any(
        public in events
        for events in WebhookSubscription.objects.filter(enabled=True).values_list("events", flat=True)
    )
