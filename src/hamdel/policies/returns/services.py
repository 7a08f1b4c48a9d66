"""Return actions: open a return of an order's items, and move it through its statuses.

Each action checks the actor's permission, validates the whole request, writes in one transaction (the order
row is locked, so two agents cannot return the same items twice), records a typed event, writes a line in
the linked conversation's timeline, and tells the customer in Persian on that conversation's channel through
the normal reply action, as Hamdel itself.

A withdrawal outside its window (or from an in-store sale) is refused with a 400 that carries the verdict
and its explanation: nothing is written, and the agent may open a defect or wrong-item return instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from hamdel.conversations.models import Conversation
from hamdel.conversations.services import conversation_record_event, reply
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, is_system, require
from hamdel.core.persian import fa_digits
from hamdel.customers.models import Customer, Order, OrderItem
from hamdel.policies.returns.events import ReturnOpened, ReturnStatusChanged
from hamdel.policies.returns.models import Return, ReturnItem, ReturnKind, ReturnStatus
from hamdel.policies.returns.withdrawal import withdrawal_verdict

MAX_REASON = 2000

# Where a return may go next; refusal needs RETURN_REFUSE and a reason.
NEXT: dict[str, tuple[str, ...]] = {
    ReturnStatus.REQUESTED: (ReturnStatus.APPROVED, ReturnStatus.REFUSED),
    ReturnStatus.APPROVED: (ReturnStatus.ITEM_RECEIVED, ReturnStatus.REFUSED),
    ReturnStatus.ITEM_RECEIVED: (ReturnStatus.REFUNDED, ReturnStatus.REPLACED, ReturnStatus.REFUSED),
    ReturnStatus.REFUNDED: (),
    ReturnStatus.REPLACED: (),
    ReturnStatus.REFUSED: (),
}


@dataclass(frozen=True)
class ReturnItemIn:
    sku: str
    quantity: Any = None  # None: every unit of the item


def _root(customer: Customer) -> int:
    while customer.merged_into is not None:
        customer = customer.merged_into
    return customer.pk


def _fields_error(errors: dict[str, str], code: str = "invalid_return") -> ApplicationError:
    listed = "؛ ".join(f"{name}: {text}" for name, text in errors.items())
    return ApplicationError(
        _("The return was not opened. Fix these fields: %(fields)s") % {"fields": listed},
        {"fields": [{"field": name, "message": text} for name, text in errors.items()]},
        code=code,
    )


def _wanted(
    order: Order, items: list[ReturnItemIn] | None, errors: dict[str, str]
) -> list[tuple[OrderItem, int]]:
    """The order's items and quantities the return asks for; all of the order when none are named."""
    by_sku = {i.sku: i for i in order.items.all()}
    if not items:
        return [(i, i.quantity) for i in by_sku.values()]
    wanted: dict[str, tuple[OrderItem, int]] = {}
    for n, item in enumerate(items):
        sku = str(item.sku or "").strip()
        found = by_sku.get(sku)
        if found is None:
            errors[f"items.{n}.sku"] = _("This order has no item with this SKU.")
            continue
        quantity = found.quantity if item.quantity in (None, "") else item.quantity
        if isinstance(quantity, str) and quantity.strip().isdecimal() and len(quantity.strip()) < 10:
            quantity = int(quantity)  # isdecimal: Persian digits yes, «²» no (int() refuses it)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            errors[f"items.{n}.quantity"] = _("The quantity must be a whole number of at least 1.")
            continue
        if quantity > found.quantity:
            errors[f"items.{n}.quantity"] = _("More than were ordered (%(n)s).") % {"n": found.quantity}
            continue
        if sku in wanted:
            errors[f"items.{n}.sku"] = _("This SKU is named twice.")
            continue
        wanted[sku] = (found, quantity)
    return list(wanted.values())


def _notice(ret: Return) -> str:
    """What the customer reads about their return, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        persian = (translation.get_language() or "fa").startswith("fa")
        number = fa_digits(ret.pk) if persian else str(ret.pk)
        order = ret.order.number
        if ret.status == ReturnStatus.REQUESTED:
            text = _("We registered your return request no. %(n)s for order %(order)s.") % {
                "n": number,
                "order": order,
            }
            if ret.kind == ReturnKind.WITHDRAWAL:
                text += " " + _("You do not need to give a reason for withdrawing from a distance purchase.")
            return text
        texts = {
            ReturnStatus.APPROVED: _("Your return no. %(n)s for order %(order)s was approved."),
            ReturnStatus.ITEM_RECEIVED: _(
                "We received the items of your return no. %(n)s (order %(order)s)."
            ),
            ReturnStatus.REFUNDED: _("The amount of your return no. %(n)s (order %(order)s) was refunded."),
            ReturnStatus.REPLACED: _("The items of your return no. %(n)s (order %(order)s) were replaced."),
            ReturnStatus.REFUSED: _("Your return no. %(n)s for order %(order)s was not accepted: %(why)s"),
        }
        return texts[ReturnStatus(ret.status)] % {"n": number, "order": order, "why": ret.refusal_reason}


def _timeline_text(ret: Return, old: str | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        persian = (translation.get_language() or "fa").startswith("fa")
        number = fa_digits(ret.pk) if persian else str(ret.pk)
        if old is None:
            return _("opened return no. %(n)s (%(kind)s) for order %(order)s") % {
                "n": number,
                "kind": ret.get_kind_display(),
                "order": ret.order.number,
            }
        return _("return no. %(n)s: %(old)s → %(new)s") % {
            "n": number,
            "old": ReturnStatus(old).label,
            "new": ret.get_status_display(),
        }


def _tell(ret: Return, actor: Any, old: str | None) -> None:
    """The conversation's timeline and the customer's notification, inside the caller's transaction."""
    if ret.conversation is None:
        return
    conversation_record_event(
        conversation=ret.conversation,
        actor=actor,
        type="return_updated",
        old=old,
        new=ret.status,
        return_id=ret.pk,
        text=_timeline_text(ret, old),
    )
    reply(conversation=ret.conversation, author=None, text=_notice(ret), meta={"return": ret.pk})


def return_open(
    *,
    actor: Any,
    order: Order,
    kind: str,
    items: list[ReturnItemIn] | None = None,
    reason: str = "",
    conversation: Conversation | None = None,
    customer: Customer | None = None,
) -> Return:
    """Open a return of some (or all) of an order's items; the withdrawal verdict is checked and kept."""
    require(actor, Perm.RETURN_MANAGE)
    errors: dict[str, str] = {}
    if kind not in ReturnKind.values:
        errors["kind"] = _("Unknown kind: use withdrawal, defect, wrong_item or other.")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        errors["reason"] = _("The reason is longer than %(n)s characters.") % {"n": MAX_REASON}
    elif kind == ReturnKind.OTHER and not reason:
        errors["reason"] = _("Say why the customer returns the items.")
    wanted = _wanted(order, items, errors)
    if errors:
        raise _fields_error(errors)
    owner = _root(order.customer)
    mismatch: dict[str, Any] = {}
    if conversation is not None and _root(conversation.customer) != owner:
        mismatch = {"conversation_id": conversation.pk}
    elif customer is not None and _root(customer) != owner:
        mismatch = {"customer_id": customer.pk}
    if mismatch:
        raise ApplicationError(
            _("This order belongs to another customer."),
            {"order_id": order.pk, **mismatch},
            status=409,
            code="order_of_another_customer",
        )
    verdict = withdrawal_verdict(order)
    if kind == ReturnKind.WITHDRAWAL and not verdict.eligible:
        raise ApplicationError(
            verdict.explanation,
            {"withdrawal": verdict.as_dict(), "fields": [{"field": "kind", "message": verdict.explanation}]},
            code="withdrawal_not_applicable" if not verdict.applicable else "withdrawal_window_passed",
        )
    with transaction.atomic():
        Order.objects.select_for_update(of=("self",)).get(pk=order.pk)  # one return at a time per order
        taken = dict(
            ReturnItem.objects.filter(ret__order=order)
            .exclude(ret__status=ReturnStatus.REFUSED)
            .values_list("order_item_id")
            .annotate(n=Sum("quantity"))
        )
        twice = [item.sku for item, quantity in wanted if taken.get(item.pk, 0) + quantity > item.quantity]
        if twice:
            raise ApplicationError(
                _("These items are already in another return: %(skus)s") % {"skus": "، ".join(twice)},
                {"skus": twice},
                status=409,
                code="already_returned",
            )
        ret = Return.objects.create(
            order=order,
            customer_id=owner,
            conversation=conversation,
            kind=kind,
            reason=reason,
            withdrawal=verdict.as_dict(),
            opened_by=None if is_system(actor) or not getattr(actor, "is_authenticated", False) else actor,
        )
        ReturnItem.objects.bulk_create(ReturnItem(ret=ret, order_item=i, quantity=q) for i, q in wanted)
        publish(ReturnOpened(return_id=ret.pk, kind=kind, withdrawal_eligible=verdict.eligible))
        _tell(ret, actor, None)
    return ret


def return_set_status(*, actor: Any, ret: Return, status: str, reason: str = "") -> Return:
    """Move a return on; a refusal needs RETURN_REFUSE and a reason, and an eligible withdrawal is a right
    that can only be refused once the items came back (for example, used or damaged)."""
    require(actor, Perm.RETURN_MANAGE)
    if status == ReturnStatus.REFUSED:
        require(actor, Perm.RETURN_REFUSE)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if status not in ReturnStatus.values:
        errors["status"] = _("Unknown status.")
    if status == ReturnStatus.REFUSED and not reason:
        errors["reason"] = _("Say why the return is refused; the customer reads it.")
    if len(reason) > MAX_REASON:
        errors["reason"] = _("The reason is longer than %(n)s characters.") % {"n": MAX_REASON}
    if errors:
        raise _fields_error(errors, code="invalid_status")
    with transaction.atomic():
        ret = (
            Return.objects.select_for_update(of=("self",))
            .select_related("order", "conversation")
            .get(pk=ret.pk)
        )
        old = ret.status
        if status not in NEXT[old]:
            raise ApplicationError(
                _("A return that is %(old)s cannot become %(new)s.")
                % {"old": ret.get_status_display(), "new": ReturnStatus(status).label},
                {"status": status, "current": old, "allowed": list(NEXT[old])},
                status=409,
                code="invalid_transition",
            )
        if (
            status == ReturnStatus.REFUSED
            and ret.kind == ReturnKind.WITHDRAWAL
            and ret.withdrawal.get("eligible")
            and old != ReturnStatus.ITEM_RECEIVED
        ):
            raise ApplicationError(
                _(
                    "A withdrawal inside its window is the customer's right and needs no reason; it can only "
                    "be refused after the items came back (for example, used or damaged)."
                ),
                {"status": status},
                status=409,
                code="withdrawal_is_a_right",
            )
        ret.status = status
        fields = ["status", "updated_at"]
        if status == ReturnStatus.REFUSED:
            ret.refusal_reason = reason
            fields.append("refusal_reason")
        ret.save(update_fields=fields)
        publish(ReturnStatusChanged(return_id=ret.pk, old=old, new=status))
        _tell(ret, actor, old)
    return ret
