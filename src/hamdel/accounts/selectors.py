"""Reads for users, teams and API keys (the settings pages, the API and assignment pickers)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from hamdel.accounts.models import ApiKey, Role, Team, User
from hamdel.core.permissions import Perm, require


def user_list(*, include_inactive: bool = False) -> QuerySet[User]:
    users = User.objects.prefetch_related("teams").order_by("username")
    return users if include_inactive else users.filter(is_active=True)


def team_list() -> QuerySet[Team]:
    return Team.objects.prefetch_related("members").order_by("name")


def api_key_list(*, actor: Any) -> QuerySet[ApiKey]:
    """Every key (names, prefixes, use; never the key itself): admins only."""
    require(actor, Perm.API_KEY_MANAGE)
    return ApiKey.objects.select_related("user").order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at"
    )


def first_admin() -> User | None:
    """The oldest active admin (the role, or Django's superuser flag that follows it): whom `hamdel
    createapikey` without --user acts as."""
    admins = User.objects.filter(Q(role=Role.ADMIN) | Q(is_superuser=True), is_active=True)
    return admins.order_by("pk").first()
