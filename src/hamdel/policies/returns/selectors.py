"""Return reads: the list page, the API and the panels."""

from __future__ import annotations

from django.db.models import QuerySet

from hamdel.core.http import form_id
from hamdel.policies.returns.models import Return


def return_list(
    *, order_id: int | None = None, customer_id: int | None = None, status: str = "", kind: str = ""
) -> QuerySet[Return]:
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


def return_get(*, pk: int) -> Return:
    return (
        Return.objects.select_related("order", "customer", "conversation")
        .prefetch_related("items__order_item")
        .get(pk=pk)
    )
