"""Customer reads."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from hamdel.customers.models import Customer
from hamdel.language.normalize import fold_for_search


def customer_list(*, q: str = "") -> QuerySet[Customer]:
    qs = Customer.objects.filter(merged_into__isnull=True).prefetch_related("identities")
    if q:
        key = q.strip()
        qs = qs.filter(
            Q(name__icontains=key) | Q(identities__address__icontains=fold_for_search(key))
        ).distinct()
    return qs.annotate(conversation_count=Count("conversations", distinct=True))


def customer_get(*, pk: int) -> Customer:
    customer = Customer.objects.prefetch_related("identities", "notes__author", "orders").get(pk=pk)
    return customer
