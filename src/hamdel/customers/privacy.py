"""A customer's right to see and to erase what Hamdel holds about them: export and erasure actions.

Customers sit low in the layers, so apps above (conversations, feedback) add their part through hooks
registered in their `ready()`: an export hook returns sections of the export, an erase hook erases its
rows of that customer inside the erasure's transaction and returns what it counted. docs/privacy.md says
what is erased and what is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import ChannelIdentity, Customer, CustomerNote, Order

ExportHook = Callable[[Customer], dict[str, Any]]
EraseHook = Callable[[Customer, Any], dict[str, int]]
_export_hooks: list[ExportHook] = []
_erase_hooks: list[EraseHook] = []


def export_hook_register(hook: ExportHook) -> None:
    if hook not in _export_hooks:
        _export_hooks.append(hook)


def erase_hook_register(hook: EraseHook) -> None:
    if hook not in _erase_hooks:
        _erase_hooks.append(hook)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def customer_for_privacy(*, actor: Any, customer_id: int) -> Customer:
    """The customer an export or erasure is about (a merged record answers for the one it points to)."""
    require(actor, Perm.CUSTOMER_EXPORT)
    customer = Customer.objects.filter(pk=customer_id).first() if 0 < customer_id < 2**63 else None
    if customer is None:
        raise NotFound(_("No such customer."), {"customer": customer_id})
    return customer


def customer_export(*, actor: Any, customer: Customer) -> dict[str, Any]:
    """Everything held about one customer, as plain JSON; the export itself is audited."""
    require(actor, Perm.CUSTOMER_EXPORT)
    data: dict[str, Any] = {
        "format": "hamdel.customer-export/1",
        "exported_at": timezone.now().isoformat(),
        "customer": {
            "id": customer.pk,
            "name": customer.name,
            "organisation": str(customer.organisation or ""),
            "tags": customer.tags,
            "created_at": _iso(customer.created_at),
            "erased_at": _iso(customer.erased_at),
        },
        "identities": [
            {"kind": i.kind, "address": i.address, "created_at": _iso(i.created_at)}
            for i in ChannelIdentity.objects.filter(customer=customer).order_by("pk")
        ],
        "notes": [
            {"text": n.text, "pinned": n.pinned, "created_at": _iso(n.created_at)}
            for n in CustomerNote.objects.filter(customer=customer).order_by("pk")
        ],
        "orders": [
            {
                "number": o.number,
                "status": o.status,
                "ordered_at": _iso(o.ordered_at),
                "total_rials": o.total,
                "items": [{"sku": i.sku, "name": i.name, "quantity": i.quantity} for i in o.items.all()],
            }
            for o in Order.objects.filter(customer=customer).prefetch_related("items").order_by("pk")
        ],
    }
    for hook in _export_hooks:
        data.update(hook(customer))
    with transaction.atomic():
        audit(
            actor=actor,
            action="customer.export",
            target=f"customer:{customer.pk}",
            after={"sections": sorted(k for k, v in data.items() if isinstance(v, list))},
        )
    return data


@transaction.atomic
def customer_erase(*, actor: Any, customer: Customer, reason: str) -> dict[str, int]:
    """Erase one customer's personal data in one transaction; rows that counts and reports need stay,
    emptied. The audit entry holds the reason and the counts, never the erased data."""
    require(actor, Perm.CUSTOMER_ERASE)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why this customer is erased."), {"reason": "required"}, code="required")
    locked = Customer.objects.select_for_update().filter(pk=customer.pk).first()
    if locked is None:
        raise NotFound(_("No such customer."), {"customer": customer.pk})
    if locked.erased_at is not None:
        raise ApplicationError(
            _("This customer's data was already erased."), {"customer": locked.pk}, 409, code="already_erased"
        )
    if locked.merged_into_id:
        raise ApplicationError(
            _("This customer was merged into another one; erase that one."),
            {"merged_into": locked.merged_into_id},
            409,
            code="merged",
        )
    counts: dict[str, int] = {
        "identities": ChannelIdentity.objects.filter(customer__in=_family(locked)).count(),
        "notes": CustomerNote.objects.filter(customer__in=_family(locked)).count(),
        "orders_kept": Order.objects.filter(customer=locked).count(),
    }
    for hook in _erase_hooks:
        counts.update(hook(locked, actor))
    ChannelIdentity.objects.filter(customer__in=_family(locked)).delete()
    CustomerNote.objects.filter(customer__in=_family(locked)).delete()
    now = timezone.now()
    Customer.objects.filter(merged_into=locked).update(name="", tags=[], organisation=None, erased_at=now)
    locked.name, locked.tags, locked.organisation, locked.erased_at = "", [], None, now
    locked.save(update_fields=["name", "tags", "organisation", "erased_at", "updated_at"])
    audit(actor=actor, action="customer.erase", target=f"customer:{locked.pk}", after=counts, reason=reason)
    return counts


def _family(customer: Customer) -> list[int]:
    """The customer and the records merged into it (their identities moved, their names did not)."""
    return [customer.pk, *Customer.objects.filter(merged_into=customer).values_list("pk", flat=True)]
