"""Users, teams and API keys over the API: handlers parse, call one action, render.

Reads are open to every staff member (assignment pickers); writes are admin-only, decided by the actions
in `accounts.services`, so a refused request answers 403 `forbidden` and changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from hamdel.accounts import notifications, selectors, services
from hamdel.accounts.models import ApiKey, Notification, Team, User
from hamdel.core.api_types import DbId

router = Router(tags=["users and teams"])


class UserOut(Schema):
    id: int
    username: str
    name: str
    role: str
    display_name: str
    email: str
    is_active: bool
    is_available: bool
    teams: list[int]


class UserIn(Schema):
    username: str
    password: str | None = None
    role: str
    display_name: str = ""
    email: str = ""
    teams: list[DbId] = []


class UserPatch(Schema):
    password: str | None = None
    role: str | None = None
    display_name: str | None = None
    email: str | None = None
    is_active: bool | None = None
    teams: list[DbId] | None = None


class TeamOut(Schema):
    id: int
    name: str
    member_ids: list[int]


class TeamIn(Schema):
    name: str
    member_ids: list[DbId] = []


class TeamPatch(Schema):
    name: str | None = None
    member_ids: list[DbId] | None = None


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    user_id: int
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str  # the plain key, shown in this answer only


class ApiKeyIn(Schema):
    name: str
    user_id: DbId


def _user_out(user: User) -> UserOut:
    return UserOut(
        id=user.pk,
        username=user.username,
        name=user.name,
        role=user.role,
        display_name=user.display_name,
        email=user.email,
        is_active=user.is_active,
        is_available=user.is_available,
        teams=sorted(t.pk for t in user.teams.all()),
    )


def _team_out(team: Team) -> TeamOut:
    return TeamOut(id=team.pk, name=team.name, member_ids=sorted(m.pk for m in team.members.all()))


def _key_out(key: ApiKey) -> dict[str, object]:
    return {
        "id": key.pk,
        "name": key.name,
        "prefix": key.prefix,
        "user_id": key.user_id,
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
        "revoked_at": key.revoked_at,
    }


@router.get("/users", response=list[UserOut])
def list_users(request: HttpRequest, include_inactive: bool = False) -> list[UserOut]:
    """Every active staff member (with `include_inactive=true`, the deactivated ones too)."""
    return [_user_out(u) for u in selectors.user_list(include_inactive=include_inactive)]


@router.post("/users", response={201: UserOut})
def create_user(request: HttpRequest, body: UserIn) -> tuple[int, UserOut]:
    user = services.user_create(actor=request.user, **body.model_dump())
    return 201, _user_out(user)


@router.patch("/users/{user_id}", response=UserOut)
def patch_user(request: HttpRequest, user_id: DbId, body: UserPatch) -> UserOut:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return _user_out(services.user_update(actor=request.user, user=user_id, **changes))


@router.get("/teams", response=list[TeamOut], tags=["users and teams"])
def list_teams(request: HttpRequest) -> list[TeamOut]:
    return [_team_out(t) for t in selectors.team_list()]


@router.post("/teams", response={201: TeamOut})
def create_team(request: HttpRequest, body: TeamIn) -> tuple[int, TeamOut]:
    team = services.team_create(actor=request.user, name=body.name, members=body.member_ids)
    return 201, _team_out(team)


@router.patch("/teams/{team_id}", response=TeamOut)
def patch_team(request: HttpRequest, team_id: DbId, body: TeamPatch) -> TeamOut:
    team = services.team_update(actor=request.user, team=team_id, name=body.name, members=body.member_ids)
    return _team_out(team)


@router.get("/api-keys", response=list[ApiKeyOut], tags=["API keys"])
def list_api_keys(request: HttpRequest) -> list[dict[str, object]]:
    """Admins only: names, prefixes and use of every key (never the key itself)."""
    return [_key_out(k) for k in selectors.api_key_list(actor=request.user)]


@router.post("/api-keys", response={201: ApiKeyCreated}, tags=["API keys"])
def create_api_key(request: HttpRequest, body: ApiKeyIn) -> tuple[int, dict[str, object]]:
    key, plain = services.api_key_create(actor=request.user, name=body.name, user=body.user_id)
    return 201, {**_key_out(key), "key": plain}


@router.delete("/api-keys/{key_id}", response=ApiKeyOut, tags=["API keys"])
def revoke_api_key(request: HttpRequest, key_id: DbId) -> dict[str, object]:
    return _key_out(services.api_key_revoke(actor=request.user, key=key_id))


# --- the notification centre: one's own notices ---------------------------------------------------------


class NotificationOut(Schema):
    id: int
    text: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationList(Schema):
    unread: int
    items: list[NotificationOut]


class ReadAllOut(Schema):
    marked: int


def _notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(id=n.pk, text=n.text, link=n.link, created_at=n.created_at, read_at=n.read_at)


@router.get("/notifications", response=NotificationList, tags=["notifications"])
def list_notifications(request: HttpRequest) -> NotificationList:
    """The caller's latest 100 notifications, newest first, and how many of all theirs are unread."""
    items = notifications.notification_list(user=request.user)
    return NotificationList(
        unread=notifications.notification_unread_count(request.user),
        items=[_notification_out(n) for n in items],
    )


@router.post("/notifications/read-all", response=ReadAllOut, tags=["notifications"])
def read_all_notifications(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=notifications.notification_read_all(actor=request.user))


@router.post("/notifications/{notification_id}/read", response=NotificationOut, tags=["notifications"])
def read_notification(request: HttpRequest, notification_id: DbId) -> NotificationOut:
    """Mark one of the caller's notifications read; someone else's answers 404 `unknown_notification`."""
    return _notification_out(
        notifications.notification_read(actor=request.user, notification=notification_id)
    )
