"""Webhook subscriptions and deliveries in the Persian admin, to look at only (the secret is never shown):
they change on the settings page (Settings → Webhooks) or through the API, through the actions."""

from django.contrib import admin

from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription
from hamdel.core.admin_readonly import ReadOnly


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("url", "enabled", "failures_in_a_row", "created_at")
    list_filter = ("enabled",)
    exclude = ("secret",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("uuid", "subscription", "event", "state", "attempts", "response_code", "created_at")
    list_filter = ("state", "event")
    list_select_related = ("subscription",)
