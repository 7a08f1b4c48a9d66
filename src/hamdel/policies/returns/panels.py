"""What returns adds to the conversation and customer pages: the customer's orders with their withdrawal
verdict (shown before an agent opens a return), the form to open one, and the customer's returns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hamdel.core.permissions import Perm, can
from hamdel.customers.orders import customer_orders
from hamdel.policies.returns import selectors
from hamdel.policies.returns.models import ReturnKind
from hamdel.policies.returns.withdrawal import withdrawal_verdict


def _orders_with_verdicts(customer: Any) -> list[dict[str, Any]]:
    return [{"order": o, "verdict": withdrawal_verdict(o)} for o in customer_orders(customer, limit=10)]


def conversation_returns(request: HttpRequest, conv: Any) -> dict[str, Any] | None:
    orders = _orders_with_verdicts(conv.customer)
    returns = list(selectors.return_list(actor=request.user, customer_id=conv.customer_id)[:10])
    if not orders and not returns:
        return None
    return {
        "conv": conv,
        "orders": orders,
        "returns": returns,
        "kinds": ReturnKind.choices,
        "can_open": can(request.user, Perm.RETURN_MANAGE),
    }


def customer_returns(request: HttpRequest, customer: Any) -> dict[str, Any] | None:
    returns = list(selectors.return_list(actor=request.user, customer_id=customer.pk)[:20])
    return {"returns": returns} if returns else None
