"""Channel inboxes in the admin, read-only: set-up changes go through the Channels page or the API, whose
actions check inbox.manage and audit; secrets are never shown, not even here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hamdel.connectors.models import DeliveryReport, Inbox


@admin.register(Inbox)
class InboxAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    exclude = ("imap_password", "bot_token", "sms_api_key", "webhook_secret", "secret_options")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DeliveryReport)
class DeliveryReportAdmin(admin.ModelAdmin):
    list_display = ("delivery", "status", "delivered", "received_at")
    list_filter = ("delivered",)
    raw_id_fields = ("delivery",)
