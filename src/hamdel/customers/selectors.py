"""Customer reads."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from hamdel.core.errors import NotFound
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer
from hamdel.language.normalize import fold_for_search


def customer_list(*, actor: Any, q: str = "") -> QuerySet[Customer]:
    """Customers that were not merged into another, found by name or any address."""
    require(actor, Perm.CUSTOMER_VIEW)
    qs = Customer.objects.filter(merged_into__isnull=True).prefetch_related("identities")
    if q:
        key = q.strip()
        qs = qs.filter(
            Q(name__icontains=key) | Q(identities__address__icontains=fold_for_search(key))
        ).distinct()
    return qs.annotate(conversation_count=Count("conversations", distinct=True))


def customer_get(*, actor: Any, pk: int) -> Customer:
    """One customer with addresses, notes and orders; 404 in Persian when unknown."""
    require(actor, Perm.CUSTOMER_VIEW)
    customer = (
        Customer.objects.prefetch_related("identities", "notes__author", "orders").filter(pk=pk).first()
    )
    if customer is None:
        raise NotFound(_("No such customer."), {"id": pk}, code="not_found")
    return customer
