"""What customers adds to other apps' pages through the panel slot: who the customer is, on a conversation.

The conversation page lives in `conversations`; it never builds the customer card itself, so the card
shows the same identities and notes wherever a customer appears.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.customers.models import Customer


def conversation_customer(request: HttpRequest, conversation: Any) -> dict[str, Any]:
    """The conversation's customer with identities and notes, pinned notes first."""
    customer = Customer.objects.prefetch_related("identities", "notes").get(pk=conversation.customer_id)
    notes = sorted(customer.notes.all(), key=lambda n: not n.pinned)
    return {"customer": customer, "notes": notes}


def customer_orders(request: HttpRequest, customer: Customer) -> dict[str, Any] | None:
    """The customer's orders, newest first (the customer page's "orders" section); none, no section."""
    from hamdel.customers.orders import customer_orders as orders_of

    orders = orders_of(customer)
    return {"orders": orders, "customer": customer} if orders else None
