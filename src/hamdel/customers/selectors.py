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


def sentiment_trend(*, customer: Customer) -> list[dict[str, object]]:
    """Polarity (-1…1) of each analysed customer message, oldest first, for the customer page chart."""
    from hamdel.conversations.models import MessageAnalysis
    from hamdel.core.persian import jalali_date

    rows = (
        MessageAnalysis.objects.filter(message__conversation__customer=customer)
        .order_by("message__created_at")
        .values("polarity", "sentiment", "emotion", "message__created_at")[:200]
    )
    return [
        {
            "date": jalali_date(r["message__created_at"]),
            "polarity": round(r["polarity"], 2),
            "sentiment": r["sentiment"],
            "emotion": r["emotion"],
        }
        for r in rows
    ]
