"""Return reads: the list page, the API and the panels."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hamdel.core.errors import NotFound
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Order
from hamdel.policies.returns.models import Return
from hamdel.policies.returns.withdrawal import WithdrawalVerdict, withdrawal_verdict


def return_list(
    *,
    actor: Any,
    order_id: int | None = None,
    customer_id: int | None = None,
    status: str = "",
    kind: str = "",
) -> QuerySet[Return]:
    """Returns with their items, newest first; reading them is reading customers (`customer.view`)."""
    require(actor, Perm.CUSTOMER_VIEW)
    qs = Return.objects.select_related("order", "customer", "conversation", "opened_by").prefetch_related(
        "items__order_item"
    )
    for given in (order_id, customer_id):
        if given is not None and form_id(given) is None:  # an id no row can have finds nothing
            return qs.none()
    if order_id is not None:
        qs = qs.filter(order_id=order_id)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def return_get(*, actor: Any, pk: int) -> Return:
    """One return with its items; 404 in Persian when unknown."""
    require(actor, Perm.CUSTOMER_VIEW)
    found = (
        Return.objects.select_related("order", "customer", "conversation")
        .prefetch_related("items__order_item")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such return."), {"id": pk}, code="not_found")
    return found


def order_withdrawal(*, actor: Any, order_id: int) -> WithdrawalVerdict:
    """The verdict an agent sees before opening a return; 404 in Persian when the order is unknown."""
    require(actor, Perm.CUSTOMER_VIEW)
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise NotFound(_("No such order."), {"id": order_id}, code="not_found")
    return withdrawal_verdict(order)
