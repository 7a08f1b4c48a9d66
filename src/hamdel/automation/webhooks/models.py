"""Webhook subscriptions (an integrator's URL, the events it hears, its signing secret) and their deliveries.

A delivery is one event for one subscription: its `uuid` is the `X-Hamdel-Delivery` header and stays the same
on every retry and on a redelivery, so a receiver can ignore a delivery it already processed. The body is
stored as the exact bytes sent (`body`), so every attempt signs and sends the same JSON.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DeliveryState", "WebhookDelivery", "WebhookSubscription"]


class WebhookSubscription(models.Model):
    url = models.URLField(_("URL"), max_length=2000)
    events = models.JSONField(
        _("events"), default=list, help_text=_("public event names, e.g. message.received")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Kept in clear: Hamdel must sign with it. Shown once, when the subscription is created.
    secret = models.CharField(_("secret"), max_length=100)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    # Deliveries given up on in a row; reset by any success. At HAMDEL_WEBHOOKS_DISABLE_AFTER it is disabled.
    failures_in_a_row = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = _("webhook subscription")

    def __str__(self) -> str:
        return self.url


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Retrying")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Given up")


class WebhookDelivery(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=60)
    body = models.TextField(_("body"))  # the exact JSON sent, so every attempt carries the same bytes
    state = models.CharField(max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-pk",)
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        verbose_name = _("webhook delivery")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id}"
