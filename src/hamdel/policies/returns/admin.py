"""Returns in the Django admin: to look at only; every change goes through `returns.services`."""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.policies.returns.models import Return, ReturnItem


class ReturnItemInline(ReadOnly, admin.TabularInline):
    model = ReturnItem
    extra = 0


@admin.register(Return)
class ReturnAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("pk", "order", "customer", "kind", "status", "created_at")
    list_filter = ("kind", "status")
    inlines = [ReturnItemInline]


@admin.register(ReturnItem)
class ReturnItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("ret", "order_item", "quantity")
