from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hamdel.accounts.models import ApiKey, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "is_available", "is_active")
    list_filter = ("role", "is_available", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Hamdel"), {"fields": ("role", "display_name", "is_available")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name",)
    filter_horizontal = ("members",)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        return False  # keys are made with `hamdel createapikey`, which shows the secret once
