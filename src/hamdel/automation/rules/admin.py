"""Rules and their runs in the Persian admin, to look at only: rules change on the settings page
(Settings → Automation rules) or the API, through the actions that validate them."""

from django.contrib import admin

from hamdel.automation.rules.models import Rule, RuleRun
from hamdel.core.admin_readonly import ReadOnly


@admin.register(Rule)
class RuleAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "event", "order", "enabled", "disabled_reason")
    list_filter = ("enabled", "event")


@admin.register(RuleRun)
class RuleRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("rule", "conversation_id", "event", "created_at")
    list_filter = ("event",)
    list_select_related = ("rule",)
