"""Writes for users, teams and API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from hamdel.accounts.models import ApiKey, Role, User
from hamdel.core.audit import audit

KEY_PREFIX = "hmd_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def user_create(
    *, username: str, password: str, role: str = Role.AGENT, display_name: str = "", email: str = ""
) -> User:
    user = User(username=username, role=role, display_name=display_name, email=email)
    user.is_staff = role in (Role.ADMIN, Role.SUPERVISOR)
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def api_key_create(*, name: str, user: User, actor: User | None = None) -> tuple[ApiKey, str]:
    """Return the key row and the plain key, which is never stored and cannot be shown again."""
    prefix = secrets.token_hex(4)
    plain = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(name=name, prefix=prefix, key_hash=_hash(plain), user=user)
    audit(actor=actor, action="api_key.create", target=str(key))
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


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: User | None = None) -> ApiKey:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit(actor=actor, action="api_key.revoke", target=str(key))
    return key


@transaction.atomic
def user_set_availability(*, user: User, available: bool) -> User:
    user.is_available = available
    user.save(update_fields=["is_available"])
    return user
