"""Remedy reads: each role's effective limits, whether an actor's authority covers a remedy, the queues."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hamdel.accounts.models import Role
from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, is_system, require, role_of
from hamdel.policies.remedies.models import AuthorityLimit, Remedy, RemedyKind, RemedyStatus

_R, _K = Role, RemedyKind
# The limits a fresh installation starts with (rials; None = no limit, 0 = always needs approval).
DEFAULT_LIMITS: dict[str, dict[str, int | None]] = {
    _R.AGENT: {
        _K.REFUND: 5_000_000,
        _K.STORE_CREDIT: 3_000_000,
        _K.DISCOUNT_CODE: 2_000_000,
        _K.REPLACEMENT: None,
        _K.REPAIR: None,
        _K.FREE_DELIVERY: None,
    },
    _R.SUPERVISOR: {
        _K.REFUND: 50_000_000,
        _K.STORE_CREDIT: 50_000_000,
        _K.DISCOUNT_CODE: 50_000_000,
        _K.REPLACEMENT: None,
        _K.REPAIR: None,
        _K.FREE_DELIVERY: None,
    },
    _R.ADMIN: dict.fromkeys(_K.values),
}
ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMIN)


def limits_table() -> dict[tuple[str, str], int | None]:
    """Every (role, kind) → its limit: the saved value, else the default."""
    table = {(str(role), str(kind)): DEFAULT_LIMITS[role][kind] for role in ROLES for kind in RemedyKind}
    for row in AuthorityLimit.objects.all():
        table[(row.role, row.kind)] = row.max_amount
    return table


def limits_list() -> list[dict[str, Any]]:
    """The table as rows `{"role", "kind", "max_amount"}`, roles from agent up, kinds in their order."""
    return [
        {"role": role, "kind": kind, "max_amount": limit} for (role, kind), limit in limits_table().items()
    ]


def covers(limit: int | None, amount: int | None) -> bool:
    """Whether a limit allows a remedy without approval (None: no limit; 0: never; no amount: allowed)."""
    if limit is None:
        return True
    if limit == 0:
        return False
    return amount is None or amount <= limit


def actor_limits(actor: Any) -> dict[str, int | None]:
    """The actor's own limit per kind; Hamdel itself has none. An actor without a staff role gets 0."""
    if is_system(actor):
        return dict.fromkeys(RemedyKind.values)
    role = role_of(actor)
    if role is None or str(role) not in DEFAULT_LIMITS:
        return dict.fromkeys(RemedyKind.values, 0)
    table = limits_table()
    return {kind: table[(str(role), kind)] for kind in RemedyKind.values}


def actor_limit(actor: Any, kind: str) -> int | None:
    return actor_limits(actor).get(kind, 0)


def within_authority(actor: Any, kind: str, amount: int | None) -> bool:
    return covers(actor_limit(actor, kind), amount)


def remedy_by_id(*, remedy_id: object, user: Any) -> Remedy:
    require(user, Perm.CONVERSATION_VIEW)
    pk = form_id(remedy_id)
    remedy = _with_people(Remedy.objects.filter(pk=pk)).first() if pk is not None else None
    if remedy is None:
        raise NotFound(_("No such remedy."), code="not_found")
    return remedy


def _with_people(qs: QuerySet[Remedy]) -> QuerySet[Remedy]:
    return qs.select_related("offered_by", "decided_by", "order", "conversation", "conversation__customer")


def remedies_for_conversation(*, conversation: Conversation) -> QuerySet[Remedy]:
    return _with_people(Remedy.objects.filter(conversation=conversation))


def remedies_for_customer(*, customer_id: int) -> QuerySet[Remedy]:
    return _with_people(Remedy.objects.filter(conversation__customer_id=customer_id))


def remedies_list(*, user: Any, status: str = "") -> QuerySet[Remedy]:
    """Remedies across conversations, newest first; `pending_approval` is the supervisors' queue."""
    require(user, Perm.CONVERSATION_VIEW)
    if status and status not in RemedyStatus.values:
        raise ApplicationError(
            _("Unknown status; use one of: %(statuses)s.") % {"statuses": ", ".join(RemedyStatus.values)},
            {"status": status},
            code="unknown_status",
        )
    qs = _with_people(Remedy.objects.all())
    if status:
        qs = qs.filter(status=status)
    if status == RemedyStatus.PENDING_APPROVAL:
        qs = qs.order_by("offered_at", "id")  # the queue: oldest first
    return qs


def pending_count() -> int:
    return Remedy.objects.filter(status=RemedyStatus.PENDING_APPROVAL).count()
