"""The staff notification centre: short notices to people (a webhook disabled, a rule's "notify" action…).

`accounts` sits below every app, so any app may call `notification_send`; the notices show on the owner's
/notifications/ page, as an unread count on the top bar, and over the API (`/api/v1/notifications`).

Who may send: Hamdel itself (SYSTEM/None), automation rules (`RuleActor`) and every staff member with
`CONVERSATION_VIEW` (all three roles) — a notice only points a colleague at something, it grants nothing,
so the right to send one is the right to work in Hamdel at all. Reading and marking read are one's own
notifications only: someone else's is "not found", never "forbidden" (its existence is not disclosed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hamdel.accounts.events import NotificationsSent
from hamdel.accounts.models import Notification, User
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.events import publish
from hamdel.core.permissions import MATRIX, Perm, Role, require

TEXT_MAX = 500
LINK_MAX = 500


def _users_with(perm: Perm) -> QuerySet[User]:
    """Active users whose role grants `perm` (Django's superuser flag counts as admin, as in `role_of`)."""
    roles = [str(role) for role, perms in MATRIX.items() if perm in perms and role != Role.RULE]
    match = Q(role__in=roles)
    if perm in MATRIX[Role.ADMIN]:
        match |= Q(is_superuser=True)
    return User.objects.filter(match, is_active=True)


def _clean(text: str, link: str, users: list[User | int] | None, perm: Perm | None) -> tuple[str, str]:
    """Validate the whole request and name every bad field in one refusal."""
    errors: list[dict[str, str]] = []
    text = (text or "").strip()
    link = (link or "").strip()
    if not text:
        errors.append(
            {"field": "text", "code": "text_required", "message": _("A notification needs a text.")}
        )
    elif len(text) > TEXT_MAX:
        errors.append(
            {
                "field": "text",
                "code": "text_too_long",
                "message": _("The text is too long (%(max)d characters at most).") % {"max": TEXT_MAX},
            }
        )
    # Only a path inside Hamdel: a notice must never send a colleague to another site.
    if link and (
        not link.startswith("/")
        or "\\" in link
        or not url_has_allowed_host_and_scheme(link, allowed_hosts=None)
        or len(link) > LINK_MAX
    ):
        errors.append(
            {
                "field": "link",
                "code": "invalid_link",
                "message": _("The link must be a path inside Hamdel, starting with /."),
            }
        )
    if users is not None and any(
        not isinstance(u, User) and (not isinstance(u, int) or isinstance(u, bool)) for u in users
    ):
        errors.append(
            {
                "field": "users",
                "code": "unknown_user",
                "message": _("Name the recipients by user or user id."),
            }
        )
    if users is None and perm is None:
        errors.append(
            {
                "field": "users",
                "code": "no_recipients",
                "message": _("Name the recipients: users, a permission, or both."),
            }
        )
    if errors:
        raise ApplicationError(
            " ".join(e["message"] for e in errors),
            {"field": errors[0]["field"], "errors": errors},
            code=errors[0]["code"],
        )
    return text, link


def notification_send(
    *,
    actor: Any,
    users: Iterable[User | int] | None = None,
    perm: Perm | None = None,
    text: str,
    link: str = "",
) -> int:
    """Notify the given active users (rows or ids) and/or every active user whose role has `perm`;
    return how many.

    Each recipient gets one row even when named twice; inactive users are skipped silently (a rule naming
    a colleague who left must not fail). No recipient at all is not an error: it returns 0.
    """
    require(actor, Perm.CONVERSATION_VIEW)
    given = list(users) if users is not None else None
    text, link = _clean(text, link, given, perm)
    recipients: dict[int, None] = {}
    if given:
        wanted = [u.pk if isinstance(u, User) else u for u in given]
        for pk in User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True):
            recipients[pk] = None
    if perm is not None:
        for pk in _users_with(perm).order_by("pk").values_list("pk", flat=True):
            recipients[pk] = None
    if not recipients:
        return 0
    now = timezone.now()
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            [Notification(user_id=pk, text=text, link=link, created_at=now) for pk in recipients]
        )
        ids = tuple(n.pk for n in created if n.pk is not None)
        publish(NotificationsSent(notification_ids=ids))
    return len(recipients)


def _user_pk(actor: Any) -> int:
    """The actor's user id; Hamdel itself and rules own no notifications (0 matches no row)."""
    pk = getattr(actor, "pk", None)
    return pk if isinstance(pk, int) else 0


def _own(actor: Any, notification: Notification | int) -> Notification:
    """The actor's own notification; anyone else's (or a missing one) is 404 `unknown_notification`."""
    pk = notification.pk if isinstance(notification, Notification) else notification
    found = Notification.objects.filter(pk=pk, user_id=_user_pk(actor)).first()
    if found is None:
        raise NotFound(_("Unknown notification."), {"notification": pk}, code="unknown_notification")
    return found


def notification_read(*, actor: Any, notification: Notification | int) -> Notification:
    """Mark one of the actor's notifications read; marking it again keeps the first time."""
    require(actor, Perm.CONVERSATION_VIEW)
    found = _own(actor, notification)
    if found.read_at is None:
        with transaction.atomic():
            found.read_at = timezone.now()
            found.save(update_fields=["read_at"])
    return found


def notification_read_all(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; return how many changed."""
    require(actor, Perm.CONVERSATION_VIEW)
    with transaction.atomic():
        return Notification.objects.filter(user_id=_user_pk(actor), read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notification_list(*, user: Any, limit: int = 100) -> list[Notification]:
    """A staff member's latest notifications, newest first (a read, kept beside the writes for finding)."""
    require(user, Perm.CONVERSATION_VIEW)
    return list(Notification.objects.filter(user_id=_user_pk(user))[:limit])


def notification_unread_count(user: Any) -> int:
    """The top bar's badge: one COUNT on an indexed column per page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
