from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.core.models import AuditLog, Calendar, CalendarDay, Counter, TextVector, WorkerBeat


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnly, admin.ModelAdmin):
    """Append-only: viewing here, never add, change or delete (Settings → Audit log filters it too)."""

    list_display = ("created_at", "actor_name", "ip", "action", "target")
    list_filter = ("action",)
    search_fields = ("action", "target", "actor_name")


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("name", "value")
    readonly_fields = ("name", "value")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Calendar)
class CalendarAdmin(ReadOnly, admin.ModelAdmin):
    """Shown here; changed under Settings → Business calendars (the actions check, audit and publish)."""

    list_display = ("name", "timezone", "holidays", "is_default", "updated_at")


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("date", "calendar", "kind", "name", "estimated", "source")
    list_filter = ("kind", "source", "estimated", "calendar")
    date_hierarchy = "date"


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnly, admin.ModelAdmin):
    """Workers write their own heartbeat; recovery reads it (Settings → System status)."""


@admin.register(TextVector)
class TextVectorAdmin(ReadOnly, admin.ModelAdmin):
    """Embeddings computed from articles' text; rebuilt by the search, never edited."""
