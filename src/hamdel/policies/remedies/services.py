"""Remedies within authority: offer, approve, reject, and set each role's limits.

- `remedy_offer` (remedy.offer): a remedy within the offerer's own limit for its kind is approved at
  once; above it, it waits (`pending_approval`).
- `remedy_approve` / `remedy_reject` (remedy.approve): one decision on a waiting remedy. The approver's
  own limit for that kind must cover the amount, as if they offered it themselves (a team lead with a
  50,000,000-rial refund limit cannot approve a 60,000,000-rial refund: an admin can), and nobody
  approves their own offer. Both refusals are 409 and change nothing.
- `remedy_fulfil` (remedy.offer): an approved remedy was carried out (the refund paid, the code sent).
- `authority_limits_set` (settings.manage): per role and kind; null = no limit, 0 = always needs approval.

Each change is one transaction: the remedy row, one conversation event for the timeline, and a typed
event (`RemedyOffered`, `RemedyApproved`, `RemedyRejected`) dispatched after commit.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import Role
from hamdel.conversations.models import Conversation, EventType
from hamdel.conversations.services.history import conversation_record_event
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.http import form_id
from hamdel.core.money import format_amount, parse_amount
from hamdel.core.permissions import Perm, is_system, require
from hamdel.core.persian import latin_digits
from hamdel.customers.models import Order
from hamdel.policies.remedies.events import (
    RemedyApproved,
    RemedyFulfilled,
    RemedyOffered,
    RemedyRejected,
)
from hamdel.policies.remedies.models import (
    AMOUNT_REQUIRED,
    AuthorityLimit,
    Remedy,
    RemedyKind,
    RemedyStatus,
)
from hamdel.policies.remedies.selectors import within_authority

# Ten billion rials: a larger remedy is a typing mistake, not a gesture of goodwill.
MAX_AMOUNT = 10_000_000_000
MAX_NOTE = 2000
MAX_REASON = 1000
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


class _Problems:
    """Every bad field of one request, so the answer names them all at once."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self.conflict = False

    def add(self, field: str, code: str, message: str) -> None:
        self.items.append({"field": field, "code": code, "message": message})

    def add_conflict(self, field: str, code: str, message: str) -> None:
        """A valid value that clashes with what is stored (409 when it is the only problem)."""
        self.add(field, code, message)
        self.conflict = True

    def raise_if_any(self, summary: str) -> None:
        if not self.items:
            return
        first = self.items[0]
        message = first["message"] if len(self.items) == 1 else f"{summary} {first['message']}"
        code = first["code"] if len(self.items) == 1 else "invalid"
        status = 409 if self.conflict and len(self.items) == 1 else 400
        raise ApplicationError(message, {"errors": self.items}, status=status, code=code)


def _amount(value: object, problems: _Problems, field: str, *, zero_ok: bool = False) -> int | None:
    """A positive whole number of rials (or 0 where allowed); None when absent. Problems are collected."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = parse_amount(value)
    except ValueError:
        problems.add(field, "amount_invalid", _("The amount must be a whole number of rials."))
        return None
    if amount < 0 or (amount == 0 and not zero_ok):
        problems.add(field, "amount_not_positive", _("The amount must be more than zero."))
        return None
    if amount > MAX_AMOUNT:
        problems.add(
            field,
            "amount_too_large",
            _("The amount is too large: at most %(max)s.") % {"max": format_amount(MAX_AMOUNT)},
        )
        return None
    return amount


def _order(value: object, conversation: Conversation, problems: _Problems) -> Order | None:
    """The order a remedy is for: it must exist and belong to the conversation's customer."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    pk = form_id(latin_digits(value) if isinstance(value, str) else value)
    order = Order.objects.filter(pk=pk).first() if pk is not None and not isinstance(value, bool) else None
    if order is None:
        problems.add("order_id", "unknown_order", _("There is no such order."))
        return None
    if order.customer_id != conversation.customer_id:
        problems.add_conflict(
            "order_id",
            "order_of_another_customer",
            _("This order belongs to another customer, not to this conversation's customer."),
        )
        return None
    return order


def remedy_label(kind: str, amount: int | None) -> str:
    """«بازپرداخت وجه ۵٬۰۰۰٬۰۰۰ ریال»: how the timeline names a remedy (copied at write time)."""
    label = str(RemedyKind(kind).label)
    return f"{label} {format_amount(amount)}" if amount is not None else label


def _new_code() -> str:
    for _attempt in range(10):
        code = "HMD-" + "".join(secrets.choice(_CODE_ALPHABET) for _i in range(8))
        if not Remedy.objects.filter(discount_code=code).exists():
            return code
    raise RuntimeError("could not find a free discount code")  # 32**8 codes: practically unreachable


def _user_id(actor: Any) -> int | None:
    return None if is_system(actor) or not getattr(actor, "is_authenticated", False) else actor.pk


def _user(actor: Any) -> Any:
    return actor if _user_id(actor) is not None else None


def _record(remedy: Remedy, actor: Any, type: str, old: Any = None, **data: Any) -> None:
    conversation_record_event(
        conversation=remedy.conversation,
        actor=actor,
        type=type,
        old=old,
        new={
            "id": remedy.pk,
            "name": remedy_label(remedy.kind, remedy.amount),
            "kind": remedy.kind,
            "amount": remedy.amount,
            "status": remedy.status,
        },
        **data,
    )


def remedy_offer(
    *,
    actor: Any,
    conversation: Conversation,
    kind: str,
    amount: object = None,
    order_id: object = None,
    note: str = "",
) -> Remedy:
    """Offer a remedy in a conversation: approved within the actor's authority, else waiting for approval.

    `amount` is whole rials (an int, or digits typed with Persian or Latin digits and separators);
    `order_id`, if given, is an order of the conversation's customer (another customer's order: 409).
    """
    require(actor, Perm.REMEDY_OFFER)
    problems = _Problems()
    kind = str(kind or "").strip()
    if kind not in RemedyKind.values:
        names = "، ".join(f"{k.value} ({k.label})" for k in RemedyKind)
        problems.add(
            "kind", "unknown_kind", _("Unknown kind of remedy; choose one of: %(kinds)s.") % {"kinds": names}
        )
    rials = _amount(amount, problems, "amount")
    amount_refused = any(p["field"] == "amount" for p in problems.items)
    if rials is None and kind in AMOUNT_REQUIRED and not amount_refused:
        problems.add("amount", "amount_required", _("This kind of remedy needs an amount in rials."))
    order = _order(order_id, conversation, problems)
    note = str(note or "").strip()
    if len(note) > MAX_NOTE:
        problems.add("note", "note_too_long", _("The note is too long (at most 2000 characters)."))
    problems.raise_if_any(_("The remedy was not offered; correct the named fields."))

    status = RemedyStatus.APPROVED if within_authority(actor, kind, rials) else RemedyStatus.PENDING_APPROVAL
    with transaction.atomic():
        remedy = Remedy.objects.create(
            conversation=conversation,
            kind=kind,
            amount=rials,
            order=order,
            note=note,
            status=status,
            offered_by=_user(actor),
            discount_code=_new_code()
            if kind == RemedyKind.DISCOUNT_CODE and status == RemedyStatus.APPROVED
            else "",
        )
        _record(remedy, actor, EventType.REMEDY_OFFERED)
        publish(
            RemedyOffered(
                remedy_id=remedy.pk,
                conversation_id=conversation.pk,
                kind=kind,
                amount=rials,
                status=status,
            )
        )
    return remedy


def _decidable(actor: Any, remedy: Remedy) -> Remedy:
    """The remedy, locked, if this actor may decide on it now; else a 409 that changes nothing."""
    locked = Remedy.objects.select_for_update(of=("self",)).select_related("conversation").get(pk=remedy.pk)
    if locked.status != RemedyStatus.PENDING_APPROVAL:
        raise ApplicationError(
            _("This remedy is not waiting for approval (it is %(status)s).")
            % {"status": locked.get_status_display()},
            {"status": locked.status},
            status=409,
            code="not_pending",
        )
    user_id = _user_id(actor)
    if user_id is not None and locked.offered_by_id == user_id:
        raise ApplicationError(
            _("Nobody decides on their own offer: another team lead or an admin decides."),
            status=409,
            code="own_remedy",
        )
    return locked


def remedy_approve(*, actor: Any, remedy: Remedy) -> Remedy:
    """Approve a waiting remedy; the approver's own limit for its kind must cover its amount."""
    require(actor, Perm.REMEDY_APPROVE)
    with transaction.atomic():
        remedy = _decidable(actor, remedy)
        if not within_authority(actor, remedy.kind, remedy.amount):
            raise ApplicationError(
                _("This remedy is above your own authority too; someone with a higher limit approves it."),
                {"amount": remedy.amount, "kind": remedy.kind},
                status=409,
                code="above_your_authority",
            )
        old = {"status": remedy.status}
        remedy.status = RemedyStatus.APPROVED
        remedy.decided_by = _user(actor)
        remedy.decided_at = timezone.now()
        fields = ["status", "decided_by", "decided_at"]
        if remedy.kind == RemedyKind.DISCOUNT_CODE and not remedy.discount_code:
            remedy.discount_code = _new_code()
            fields.append("discount_code")
        remedy.save(update_fields=fields)
        _record(remedy, actor, EventType.REMEDY_APPROVED, old=old)
        publish(
            RemedyApproved(
                remedy_id=remedy.pk, conversation_id=remedy.conversation_id, approver_id=_user_id(actor)
            )
        )
    return remedy


def remedy_reject(*, actor: Any, remedy: Remedy, reason: str) -> Remedy:
    """Reject a waiting remedy with a reason the offering agent reads in the conversation."""
    require(actor, Perm.REMEDY_APPROVE)
    reason = str(reason or "").strip()
    problems = _Problems()
    if not reason:
        problems.add("reason", "reason_required", _("Say why, so the agent can offer something else."))
    elif len(reason) > MAX_REASON:
        problems.add("reason", "reason_too_long", _("The reason is too long (at most 1000 characters)."))
    problems.raise_if_any(_("The remedy was not rejected."))
    with transaction.atomic():
        remedy = _decidable(actor, remedy)
        old = {"status": remedy.status}
        remedy.status = RemedyStatus.REJECTED
        remedy.decided_by = _user(actor)
        remedy.decided_at = timezone.now()
        remedy.reason = reason
        remedy.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        _record(remedy, actor, EventType.REMEDY_REJECTED, old=old, reason=reason)
        publish(
            RemedyRejected(
                remedy_id=remedy.pk,
                conversation_id=remedy.conversation_id,
                approver_id=_user_id(actor),
                reason=reason,
            )
        )
    return remedy


def remedy_fulfil(*, actor: Any, remedy: Remedy) -> Remedy:
    """Mark an approved remedy as carried out (remedy.offer: whoever does the work ticks it)."""
    require(actor, Perm.REMEDY_OFFER)
    with transaction.atomic():
        remedy = (
            Remedy.objects.select_for_update(of=("self",)).select_related("conversation").get(pk=remedy.pk)
        )
        if remedy.status != RemedyStatus.APPROVED:
            raise ApplicationError(
                _("Only an approved remedy can be marked as done (this one is %(status)s).")
                % {"status": remedy.get_status_display()},
                {"status": remedy.status},
                status=409,
                code="not_approved",
            )
        old = {"status": remedy.status}
        remedy.status = RemedyStatus.FULFILLED
        remedy.fulfilled_by = _user(actor)
        remedy.fulfilled_at = timezone.now()
        remedy.save(update_fields=["status", "fulfilled_by", "fulfilled_at"])
        _record(remedy, actor, EventType.REMEDY_FULFILLED, old=old)
        publish(
            RemedyFulfilled(
                remedy_id=remedy.pk, conversation_id=remedy.conversation_id, by_id=_user_id(actor)
            )
        )
    return remedy


def authority_limits_set(*, actor: Any, limits: list[dict[str, Any]]) -> int:
    """Set some (role, kind) limits at once; the others keep their value. All or nothing.

    Each entry: `{"role": "agent"|"supervisor"|"admin", "kind": …, "max_amount": rials | None}`;
    None = no limit, 0 = always needs approval. Returns how many limits were set.
    """
    require(actor, Perm.SETTINGS_MANAGE)
    problems = _Problems()
    cleaned: dict[tuple[str, str], int | None] = {}
    if not isinstance(limits, list) or not limits:
        problems.add("limits", "limits_empty", _("Send at least one limit."))
        limits = []
    for i, entry in enumerate(limits):
        where = f"limits[{i}]"
        if not isinstance(entry, dict):
            problems.add(where, "invalid", _("Each limit is an object with role, kind and max_amount."))
            continue
        role, kind = str(entry.get("role") or ""), str(entry.get("kind") or "")
        if role not in Role.values:
            problems.add(f"{where}.role", "unknown_role", _("Unknown role; use agent, supervisor or admin."))
        if kind not in RemedyKind.values:
            problems.add(f"{where}.kind", "unknown_kind", _("Unknown kind of remedy."))
        if "max_amount" not in entry:
            problems.add(
                f"{where}.max_amount",
                "max_amount_missing",
                _("Give max_amount: rials, null for no limit, or 0 for always needs approval."),
            )
        value = _amount(entry.get("max_amount"), problems, f"{where}.max_amount", zero_ok=True)
        if (role, kind) in cleaned:
            problems.add(where, "duplicate", _("This role and kind appear twice."))
        cleaned[(role, kind)] = value
    problems.raise_if_any(_("No limit was changed; correct the named entries."))
    with transaction.atomic():
        for (role, kind), value in cleaned.items():
            row, created = AuthorityLimit.objects.get_or_create(
                role=role, kind=kind, defaults={"max_amount": value}
            )
            if not created and row.max_amount != value:
                row.max_amount = value
                row.save(update_fields=["max_amount", "updated_at"])
        audit(
            actor=actor,
            action="authority_limits.set",
            limits=[{"role": r, "kind": k, "max_amount": v} for (r, k), v in cleaned.items()],
        )
    return len(cleaned)
