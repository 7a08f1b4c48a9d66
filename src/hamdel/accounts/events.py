"""The events the accounts app publishes: other apps (webhooks, insights) may listen from their apps.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class UserCreated(Event):
    name: ClassVar[str] = "user_created"
    user_id: int


@declare
@dataclass(frozen=True)
class UserUpdated(Event):
    """`changed` names the fields that changed (never their secret values)."""

    name: ClassVar[str] = "user_updated"
    user_id: int
    changed: tuple[str, ...] = ()


@declare
@dataclass(frozen=True)
class TeamCreated(Event):
    name: ClassVar[str] = "team_created"
    team_id: int


@declare
@dataclass(frozen=True)
class TeamUpdated(Event):
    name: ClassVar[str] = "team_updated"
    team_id: int
    changed: tuple[str, ...] = ()


@declare
@dataclass(frozen=True)
class ApiKeyCreated(Event):
    name: ClassVar[str] = "api_key_created"
    key_id: int


@declare
@dataclass(frozen=True)
class ApiKeyRevoked(Event):
    name: ClassVar[str] = "api_key_revoked"
    key_id: int


@declare
@dataclass(frozen=True)
class NotificationsSent(Event):
    """`notification_send` stored one notification per user (a live push may listen here later)."""

    name: ClassVar[str] = "notifications_sent"
    notification_ids: tuple[int, ...] = ()
