from django.contrib import admin

from hamdel.core.models import AuditLog, Counter


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target")
    list_filter = ("action",)
    readonly_fields = ("created_at", "actor", "action", "target", "details")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("name", "value")
    readonly_fields = ("name", "value")

    def has_add_permission(self, request: object) -> bool:
        return False
