"""The review's rows in the Django admin: read only (every change goes through the actions)."""

from __future__ import annotations

from django.contrib import admin

from hamdel.coach.review.models import CoachDecision, ReplyContext
from hamdel.core.admin_readonly import ReadOnly


@admin.register(CoachDecision)
class CoachDecisionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "decision", "conversation", "team", "agent", "at")
    list_filter = ("decision", "code", "team")
    search_fields = ("draft_excerpt",)
    raw_id_fields = ("conversation", "agent", "message")


@admin.register(ReplyContext)
class ReplyContextAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("conversation", "fault", "request_possible", "set_by", "at")
    list_filter = ("fault", "request_possible")
    raw_id_fields = ("conversation", "set_by")
