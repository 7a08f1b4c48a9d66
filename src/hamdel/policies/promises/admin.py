"""Promises in the Django admin: read only (every change goes through the actions)."""

from __future__ import annotations

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.policies.promises.models import Promise


@admin.register(Promise)
class PromiseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("text", "conversation", "due", "status", "source")
    list_filter = ("status", "source")
    search_fields = ("text",)
    raw_id_fields = ("conversation", "message", "created_by")
