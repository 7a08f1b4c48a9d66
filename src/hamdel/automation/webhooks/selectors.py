"""Reads for the API and the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription


def subscription_list() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.order_by("pk")


def delivery_list(subscription: WebhookSubscription, limit: int = 100) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-pk")[:limit]
