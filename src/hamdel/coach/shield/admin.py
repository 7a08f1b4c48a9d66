"""The shield in the admin, to look at only: changes go through `shield.services`."""

from django.contrib import admin

from hamdel.coach.shield.models import ShieldCase, ShieldSettings
from hamdel.core.admin_readonly import ReadOnly


@admin.register(ShieldSettings)
class ShieldSettingsAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("id", "route_team", "route_user", "auto_boundary", "updated_at")


@admin.register(ShieldCase)
class ShieldCaseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("conversation", "flagged_at", "abusive_messages", "routed_to", "boundary_sent_at")
    raw_id_fields = ("conversation", "boundary_message")
