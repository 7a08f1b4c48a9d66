"""Writes for users, teams and API keys: each one action that checks, validates, writes once and audits.

Every action takes `actor` (a user, or None for Hamdel itself: the CLI, fixtures, the demo loader), refuses
with `Forbidden` before it reads anything, validates the whole request before it writes, and records one
audit entry of the administrative change in the same transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.events import (
    ApiKeyCreated,
    ApiKeyRevoked,
    TeamCreated,
    TeamUpdated,
    UserCreated,
    UserUpdated,
)
from hamdel.accounts.models import ApiKey, Role, Team, User
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require

KEY_PREFIX = "hmd_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def generate_password() -> str:
    """A random password for a new user when none is given (printed or shown once, never stored plain)."""
    return secrets.token_urlsafe(12)


# --- validation helpers: each raises ApplicationError with a stable code ------------------------------


def _clean_role(role: str) -> Role:
    try:
        return Role(str(role))
    except ValueError:
        raise ApplicationError(
            _("Unknown role: %(role)s. Choose agent, supervisor or admin.") % {"role": role},
            {"field": "role", "choices": list(Role.values)},
            code="unknown_role",
        ) from None


def _clean_password(password: str, user: User) -> None:
    """Django's validators (length, common passwords, similarity to the username) in the active language."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            _("The password is too weak: %(reasons)s") % {"reasons": " ".join(exc.messages)},
            {"field": "password", "reasons": list(exc.messages)},
            code="weak_password",
        ) from None


def _clean_email(email: str) -> str:
    from django.core.validators import validate_email

    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ApplicationError(
                _("This e-mail address is not valid."), {"field": "email"}, code="invalid_email"
            ) from None
    return email


def _find_teams(teams: Iterable[Team | int | str]) -> list[Team]:
    """Teams by row, id (API) or name (CLI); all unknown ones are named in one refusal."""
    found: dict[int, Team] = {}
    missing: list[str] = []
    for value in teams:
        team: Team | None
        if isinstance(value, Team):
            team = value
        elif isinstance(value, int):
            team = Team.objects.filter(pk=value).first()
        else:
            team = Team.objects.filter(name=str(value).strip()).first()
            if team is None and str(value).strip().isdigit():
                team = Team.objects.filter(pk=int(str(value).strip())).first()
        if team is None:
            missing.append(str(value))
        else:
            found[team.pk] = team
    if missing:
        raise ApplicationError(
            _("Unknown team: %(ids)s") % {"ids": ", ".join(missing)},
            {"field": "teams", "missing": missing},
            code="unknown_team",
        )
    return list(found.values())


def _find_user(user: User | int | str) -> User:
    """A user row, an id (API) or a username (CLI); unknown ones are refused with code `unknown_user`."""
    if isinstance(user, User):
        return user
    found = (
        User.objects.filter(pk=user).first()
        if isinstance(user, int)
        else User.objects.filter(username=str(user)).first()
    )
    if found is None:
        raise ApplicationError(
            _("No user named %(user)s exists.") % {"user": user},
            {"field": "user", "user": str(user)},
            status=400,
            code="unknown_user",
        )
    return found


def _find_users(users: Iterable[User | int]) -> list[User]:
    try:
        wanted = {u.pk if isinstance(u, User) else int(u) for u in users}
    except (TypeError, ValueError):
        raise ApplicationError(_("Unknown user."), {"field": "members"}, code="unknown_user") from None
    found = list(User.objects.filter(pk__in=wanted))
    missing = sorted(wanted - {u.pk for u in found})
    if missing:
        raise ApplicationError(
            _("Unknown user: %(ids)s") % {"ids": ", ".join(map(str, missing))},
            {"field": "members", "missing": missing},
            code="unknown_user",
        )
    return found


def _set_role_flags(user: User, role: Role) -> None:
    """Django's flags follow the role: supervisors and admins may open the admin, admins are superusers."""
    user.role = role
    user.is_staff = role in (Role.ADMIN, Role.SUPERVISOR)
    user.is_superuser = role == Role.ADMIN


def _active_admins() -> Any:
    return User.objects.filter(Q(role=Role.ADMIN) | Q(is_superuser=True), is_active=True)


def _is_active_admin(user: User) -> bool:
    return user.is_active and (user.role == Role.ADMIN or user.is_superuser)


def _model_errors(exc: ValidationError) -> ApplicationError:
    """Turn a model's full_clean() errors (e.g. a username with spaces) into one translated refusal."""
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    name, messages = next(iter(fields.items()))
    return ApplicationError(messages[0], {"field": name, "fields": fields}, code=f"invalid_{name}".strip("_"))


def _duplicate_username() -> ApplicationError:
    return ApplicationError(
        _("A user with that username already exists."),
        {"field": "username"},
        status=409,
        code="duplicate_username",
    )


class _Problems:
    """Collect every refusal of one request, so an answer names all the fields at fault, not the first."""

    def __init__(self) -> None:
        self.found: list[ApplicationError] = []

    def check[T](self, clean: Callable[[], T], default: T) -> T:
        try:
            return clean()
        except ApplicationError as exc:
            self.found.append(exc)
            return default

    def raise_any(self) -> None:
        if not self.found:
            return
        first = self.found[0]
        if len(self.found) == 1:
            raise first
        raise ApplicationError(
            " ".join(e.message for e in self.found),
            {
                **first.extra,
                "errors": [
                    {"field": e.extra.get("field"), "code": e.code, "message": e.message} for e in self.found
                ],
            },
            status=first.status,
            code=first.code,
        )


# --- users ---------------------------------------------------------------------------------------------


def user_create(
    *,
    username: str,
    password: str | None = None,
    role: str = Role.AGENT,
    display_name: str = "",
    email: str = "",
    teams: Iterable[Team | int | str] = (),
    actor: Any = None,
) -> User:
    """Create a staff user. Without a password the account cannot log in until an admin sets one
    (an API-only user, or one invited to set it later); `generate_password()` gives the CLI and UI one."""
    require(actor, Perm.USER_MANAGE)
    problems = _Problems()
    username = (username or "").strip()

    def clean_username() -> None:
        if not username:
            raise ApplicationError(
                _("A username is required."), {"field": "username"}, code="username_required"
            )
        if User.objects.filter(username__iexact=username).exists():
            raise _duplicate_username()

    problems.check(clean_username, None)
    clean_role = problems.check(lambda: _clean_role(role), Role.AGENT)
    clean_email = problems.check(lambda: _clean_email(email), "")
    user = User(username=username, display_name=(display_name or "").strip(), email=clean_email)
    _set_role_flags(user, clean_role)
    if password:
        problems.check(lambda: _clean_password(password, user), None)
    found_teams: list[Team] = problems.check(lambda: _find_teams(teams), [])
    if not problems.found:
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            problems.found.append(_model_errors(exc))
    problems.raise_any()
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a lost race on the name is a clear 409, not a 500
                user.save()
        except IntegrityError:
            raise _duplicate_username() from None
        if found_teams:
            user.teams.set(found_teams)
        audit(
            actor=actor,
            action="user_create",
            target=user.username,
            user_id=user.pk,
            role=str(clean_role),
            teams=[t.pk for t in found_teams],
        )
        publish(UserCreated(user_id=user.pk))
    return user


def user_update(
    *,
    user: User | int,
    actor: Any,
    role: str | None = None,
    display_name: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
    teams: Iterable[Team | int | str] | None = None,
    password: str | None = None,
) -> User:
    """Change what is given (None leaves a field as it is). The last active admin cannot be demoted or
    deactivated: the change is refused with code `last_admin`, so the company never locks itself out.
    On PostgreSQL the admin rows are locked (SELECT … FOR UPDATE) so two admins demoting each other at
    once cannot both succeed; on SQLite every transaction begins IMMEDIATE, so writers queue anyway."""
    require(actor, Perm.USER_MANAGE)
    if not isinstance(user, User):
        found_user = User.objects.filter(pk=user).first()
        if found_user is None:
            raise NotFound(_("Unknown user."), {"user": user}, code="unknown_user")
        user = found_user
    before = {
        "role": user.role,
        "display_name": user.display_name,
        "email": user.email,
        "is_active": user.is_active,
    }
    problems = _Problems()
    new_role = problems.check(lambda: _clean_role(role), None) if role is not None else None
    new_email = problems.check(lambda: _clean_email(email), None) if email is not None else None
    new_teams = problems.check(lambda: _find_teams(teams), None) if teams is not None else None
    if password is not None:

        def clean_new_password() -> None:
            if not password:
                raise ApplicationError(
                    _("The new password is empty."), {"field": "password"}, code="weak_password"
                )
            _clean_password(password, user)

        problems.check(clean_new_password, None)
    problems.raise_any()
    with transaction.atomic():
        was_admin = _is_active_admin(user)
        loses_admin = (new_role is not None and new_role != Role.ADMIN) or is_active is False
        if was_admin and loses_admin:
            # Lock every active admin row, this one included and in one order, so two admins stepping
            # down at once queue up and the second sees the first one's change.
            admins = set(_active_admins().select_for_update().order_by("pk").values_list("pk", flat=True))
            if not admins - {user.pk}:
                raise ApplicationError(
                    _("%(user)s is the last active admin: make another user admin first.")
                    % {"user": user.name},
                    {"field": "role" if new_role is not None else "is_active"},
                    status=409,
                    code="last_admin",
                )
        fields: list[str] = []
        if new_role is not None and (new_role != user.role or user.is_superuser != (new_role == Role.ADMIN)):
            _set_role_flags(user, new_role)
            fields += ["role", "is_staff", "is_superuser"]
        if display_name is not None and display_name.strip() != user.display_name:
            user.display_name = display_name.strip()
            fields.append("display_name")
        if new_email is not None and new_email != user.email:
            user.email = new_email
            fields.append("email")
        if is_active is not None and bool(is_active) != user.is_active:
            user.is_active = bool(is_active)
            fields.append("is_active")
        if password:
            user.set_password(password)
            fields.append("password")
        if fields:
            user.save(update_fields=fields)
        changed = [f for f in fields if f not in ("is_staff", "is_superuser")]
        if new_teams is not None:
            old_ids = set(user.teams.values_list("pk", flat=True))
            if old_ids != {t.pk for t in new_teams}:
                user.teams.set(new_teams)
                changed.append("teams")
        if changed:
            details: dict[str, Any] = {"user_id": user.pk, "changed": changed}
            for name in ("role", "display_name", "email", "is_active"):
                if name in changed:
                    details[name] = {"old": before[name], "new": getattr(user, name)}
            if "teams" in changed:
                details["teams"] = {"old": sorted(old_ids), "new": sorted(t.pk for t in new_teams or [])}
            if "password" in changed:
                details["password"] = "reset"  # noqa: S105 - records that it changed, never the value
            pairs = {k: v for k, v in details.items() if isinstance(v, dict) and "old" in v}
            audit(
                actor=actor,
                action="user_update",
                target=user.username,
                before={k: v["old"] for k, v in pairs.items()},
                after={k: v["new"] for k, v in pairs.items()},
                **details,
            )
            publish(UserUpdated(user_id=user.pk, changed=tuple(changed)))
    return user


def user_set_availability(*, user: User, available: bool) -> User:
    """An agent's own "available / away" switch (round-robin skips those away): an event for listeners,
    but not an administrative change, so no audit entry."""
    if user.is_available == available:
        return user
    with transaction.atomic():
        user.is_available = available
        user.save(update_fields=["is_available"])
        publish(UserUpdated(user_id=user.pk, changed=("is_available",)))
    return user


# --- teams ---------------------------------------------------------------------------------------------


def _clean_team_name(name: str, team: Team | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("A team needs a name."), {"field": "name"}, code="name_required")
    if len(name) > 100:
        raise ApplicationError(
            _("The name is too long (100 characters at most)."), {"field": "name"}, code="name_too_long"
        )
    same = Team.objects.filter(name__iexact=name)
    if team is not None:
        same = same.exclude(pk=team.pk)
    if same.exists():
        raise ApplicationError(
            _("A team with that name already exists."), {"field": "name"}, status=409, code="duplicate_team"
        )
    return name


def team_create(*, name: str, members: Iterable[User | int] = (), actor: Any) -> Team:
    require(actor, Perm.TEAM_MANAGE)
    clean = _clean_team_name(name)
    found = _find_users(members)
    with transaction.atomic():
        team = Team.objects.create(name=clean)
        if found:
            team.members.set(found)
        audit(
            actor=actor,
            action="team_create",
            target=team.name,
            team_id=team.pk,
            members=[u.pk for u in found],
        )
        publish(TeamCreated(team_id=team.pk))
    return team


def team_update(
    *,
    team: Team | int,
    actor: Any,
    name: str | None = None,
    members: Iterable[User | int] | None = None,
) -> Team:
    require(actor, Perm.TEAM_MANAGE)
    if not isinstance(team, Team):
        found_team = Team.objects.filter(pk=team).first()
        if found_team is None:
            raise NotFound(_("Unknown team."), {"team": team}, code="unknown_team")
        team = found_team
    clean = _clean_team_name(name, team) if name is not None else None
    found = _find_users(members) if members is not None else None
    with transaction.atomic():
        details: dict[str, Any] = {"team_id": team.pk}
        changed: list[str] = []
        if clean is not None and clean != team.name:
            details["name"] = {"old": team.name, "new": clean}
            team.name = clean
            team.save(update_fields=["name"])
            changed.append("name")
        if found is not None:
            old = sorted(team.members.values_list("pk", flat=True))
            new = sorted(u.pk for u in found)
            if old != new:
                team.members.set(found)
                details["members"] = {"old": old, "new": new}
                changed.append("members")
        if changed:
            audit(actor=actor, action="team_update", target=team.name, changed=changed, **details)
            publish(TeamUpdated(team_id=team.pk, changed=tuple(changed)))
    return team


# --- API keys ------------------------------------------------------------------------------------------


def api_key_create(*, name: str, user: User | int | str, actor: Any = None) -> tuple[ApiKey, str]:
    """Return the key row and the plain key, which is never stored and cannot be shown again.

    The key acts as `user` (a row, an id or a username) with exactly that user's role; an unknown or
    inactive user is refused and nothing is created.
    """
    require(actor, Perm.API_KEY_MANAGE)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("An API key needs a name."), {"field": "name"}, code="name_required")
    if len(name) > 100:
        raise ApplicationError(
            _("The name is too long (100 characters at most)."), {"field": "name"}, code="name_too_long"
        )
    owner = _find_user(user)
    if not owner.is_active:
        raise ApplicationError(
            _("%(user)s is deactivated; a key for them would not work.") % {"user": owner.username},
            {"field": "user"},
            code="inactive_user",
        )
    prefix = secrets.token_hex(4)
    plain = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(name=name, prefix=prefix, key_hash=_hash(plain), user=owner)
        audit(
            actor=actor,
            action="api_key_create",
            target=str(key),
            key_id=key.pk,
            user_id=owner.pk,
            role=str(owner.role),
        )
        publish(ApiKeyCreated(key_id=key.pk))
    return key, plain


def api_key_authenticate(plain: str) -> ApiKey | None:
    """Find the live key for a presented secret, comparing hashes in constant time."""
    if not plain.startswith(KEY_PREFIX) or plain.count("_") < 2:
        return None
    prefix = plain[len(KEY_PREFIX) :].split("_", 1)[0]
    key = ApiKey.objects.select_related("user").filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.key_hash, _hash(plain)) or not key.user.is_active:
        return None
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def api_key_revoke(*, key: ApiKey | int, actor: Any) -> ApiKey:
    """Revoke a key at once; revoking a revoked key changes nothing and is not an error."""
    require(actor, Perm.API_KEY_MANAGE)
    if not isinstance(key, ApiKey):
        found = ApiKey.objects.filter(pk=key).first()
        if found is None:
            raise NotFound(_("Unknown API key."), {"key": key}, code="unknown_api_key")
        key = found
    if key.revoked_at is not None:
        return key
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit(actor=actor, action="api_key_revoke", target=str(key), key_id=key.pk, user_id=key.user_id)
        publish(ApiKeyRevoked(key_id=key.pk))
    return key
