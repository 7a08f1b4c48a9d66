"""Remedies and authority limits in the admin, to look at only: changes go through `remedies.services`."""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.policies.remedies.models import AuthorityLimit, Remedy


@admin.register(Remedy)
class RemedyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("id", "kind", "amount", "status", "conversation", "offered_by", "offered_at")
    list_filter = ("status", "kind")
    raw_id_fields = ("conversation", "order")


@admin.register(AuthorityLimit)
class AuthorityLimitAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("role", "kind", "max_amount", "updated_at")
    list_filter = ("role",)
