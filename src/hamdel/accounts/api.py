"""Users and teams, read-only through the API."""

from django.http import HttpRequest
from ninja import Router, Schema

from hamdel.accounts.models import Team, User

router = Router(tags=["users and teams"])


class UserOut(Schema):
    id: int
    username: str
    name: str
    role: str
    is_available: bool


class TeamOut(Schema):
    id: int
    name: str
    member_ids: list[int]


@router.get("/users", response=list[UserOut])
def list_users(request: HttpRequest) -> list[UserOut]:
    return [
        UserOut(id=u.pk, username=u.username, name=u.name, role=u.role, is_available=u.is_available)
        for u in User.objects.filter(is_active=True).order_by("username")
    ]


@router.get("/teams", response=list[TeamOut])
def list_teams(request: HttpRequest) -> list[TeamOut]:
    return [
        TeamOut(id=t.pk, name=t.name, member_ids=[m.pk for m in t.members.all()])
        for t in Team.objects.prefetch_related("members")
    ]
