"""Users, teams and API keys in the Django admin: to look at only.

Every change goes through the actions in `accounts.services` (permission, validation, audit, the last-admin
guard), from the settings pages at /settings/, the API or the CLI. An admin form that saved the model
directly would skip all of that, so these pages are read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hamdel.accounts.models import ApiKey, Notification, Team, User
from hamdel.core.admin_readonly import ReadOnly


@admin.register(User)
class UserAdmin(ReadOnly, BaseUserAdmin):
    list_display = ("username", "display_name", "role", "is_available", "is_active", "last_login")
    list_filter = ("role", "is_available", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "display_name", "email", "role", "is_active", "is_available")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )


@admin.register(Team)
class TeamAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name",)
    fields = ("name", "members")


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")


@admin.register(Notification)
class NotificationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("user", "text", "created_at", "read_at")
    list_filter = ("read_at",)
    fields = ("user", "text", "link", "created_at", "read_at")
