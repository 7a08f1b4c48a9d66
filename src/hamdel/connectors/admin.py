"""Channel inboxes in the admin, read-only: set-up changes go through the Channels page or the API, whose
actions check inbox.manage and audit; secrets are never shown, not even here."""

from django.contrib import admin

from hamdel.connectors.models import DeliveryReport, Inbox
from hamdel.core.admin_readonly import ReadOnly


@admin.register(Inbox)
class InboxAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    exclude = ("imap_password", "bot_token", "sms_api_key", "webhook_secret", "secret_options")


@admin.register(DeliveryReport)
class DeliveryReportAdmin(admin.ModelAdmin):
    list_display = ("delivery", "status", "delivered", "received_at")
    list_filter = ("delivered",)
    raw_id_fields = ("delivery",)
