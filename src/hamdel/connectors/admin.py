"""Channel inboxes in the admin; secrets are edited on the Channels page, which never shows them again."""

from django.contrib import admin

from hamdel.connectors.models import DeliveryReport, Inbox


@admin.register(Inbox)
class InboxAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    exclude = ("imap_password", "bot_token")


@admin.register(DeliveryReport)
class DeliveryReportAdmin(admin.ModelAdmin):
    list_display = ("delivery", "status", "delivered", "received_at")
    list_filter = ("delivered",)
    raw_id_fields = ("delivery",)
