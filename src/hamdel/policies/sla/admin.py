"""SLA policies and clocks in the Persian admin, to look at only: policies change on the settings page
(Settings → SLA policies), through the actions that validate, audit and re-choose the clocks."""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.policies.sla.models import SlaClock, SlaPolicy


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = (
        "name",
        "order",
        "enabled",
        "no_sla",
        "first_response_minutes",
        "resolution_minutes",
        "basis",
    )
    list_filter = ("enabled", "basis")


@admin.register(SlaClock)
class SlaClockAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("conversation", "policy", "state", "next_due", "first_response_due", "resolution_due")
    list_filter = ("state", "policy")
    list_select_related = ("conversation", "policy")
