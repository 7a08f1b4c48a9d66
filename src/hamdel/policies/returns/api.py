"""Returns through the API: open one, move it on, read it; and the withdrawal verdict of an order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from hamdel.conversations.models import Conversation
from hamdel.core.api_types import DbId
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer, Order
from hamdel.policies.returns import selectors, services
from hamdel.policies.returns.models import Return

router = Router(tags=["returns"])


class WithdrawalOut(Schema):
    applicable: bool
    eligible: bool
    deadline: str | None
    reason_required: bool
    explanation: str


class ReturnItemIn(Schema):
    sku: str
    quantity: int | str | None = None


class ReturnIn(Schema):
    order_id: DbId
    kind: str
    # [{"sku", "quantity"?}] or plain SKUs; none = every item of the order
    items: list[ReturnItemIn | str] | None = None
    reason: str = ""
    conversation_id: DbId | None = None
    customer_id: DbId | None = None


class ReturnStatusIn(Schema):
    status: str
    reason: str = ""


class ReturnCreatedOut(Schema):
    id: int
    status: str
    withdrawal: WithdrawalOut


class WithdrawalRefusedOut(Schema):
    """The usual error shape, with the verdict also at the top level, where a 201 carries it."""

    message: str
    code: str
    extra: dict
    withdrawal: WithdrawalOut | None = Field(
        None, description="the verdict, when the withdrawal right refused"
    )


class ReturnItemOut(Schema):
    sku: str
    name: str
    quantity: int


class ReturnOut(Schema):
    id: int
    order_id: int
    external_id: str
    customer_id: int
    conversation_id: int | None
    kind: str
    status: str
    reason: str
    refusal_reason: str
    items: list[ReturnItemOut]
    withdrawal: WithdrawalOut
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_external_id(obj: Return) -> str:
        return obj.order.number

    @staticmethod
    def resolve_items(obj: Return) -> list[ReturnItemOut]:
        return [
            ReturnItemOut(sku=i.order_item.sku, name=i.order_item.name, quantity=i.quantity)
            for i in obj.items.all()
        ]


@router.post("/returns", response={201: ReturnCreatedOut, 400: WithdrawalRefusedOut})
def open_return(request: HttpRequest, body: ReturnIn) -> tuple[int, dict[str, Any]]:
    """201 `{id, status, withdrawal}`; a withdrawal outside its window or from a store sale is a 400 that
    carries the verdict as `withdrawal` (and `extra.withdrawal`), nothing written; another customer's order
    or items already returned are a 409."""
    order = get_object_or_404(Order.objects.select_related("customer"), pk=body.order_id)
    conversation = (
        get_object_or_404(Conversation.objects.select_related("customer"), pk=body.conversation_id)
        if body.conversation_id is not None
        else None
    )
    customer = get_object_or_404(Customer, pk=body.customer_id) if body.customer_id is not None else None
    items = (
        [
            services.ReturnItemIn(sku=i, quantity=None)
            if isinstance(i, str)
            else services.ReturnItemIn(sku=i.sku, quantity=i.quantity)
            for i in body.items
        ]
        if body.items
        else None
    )
    try:
        ret = services.return_open(
            actor=request.user,
            order=order,
            kind=body.kind,
            items=items,
            reason=body.reason,
            conversation=conversation,
            customer=customer,
        )
    except ApplicationError as exc:
        if exc.status != 400 or "withdrawal" not in exc.extra:
            raise
        refused = {"message": exc.message, "code": exc.code, "extra": exc.extra}
        return 400, {**refused, "withdrawal": exc.extra["withdrawal"]}
    return 201, {"id": ret.pk, "status": ret.status, "withdrawal": ret.withdrawal}


@router.get("/returns", response=list[ReturnOut])
def list_returns(
    request: HttpRequest, order_id: DbId | None = None, customer_id: DbId | None = None, status: str = ""
) -> list[Return]:
    rows = selectors.return_list(
        actor=request.user, order_id=order_id, customer_id=customer_id, status=status
    )
    return list(rows[:200])


@router.get("/returns/{return_id}", response=ReturnOut)
def get_return(request: HttpRequest, return_id: DbId) -> Return:
    return selectors.return_get(actor=request.user, pk=return_id)


@router.post("/returns/{return_id}/status", response=ReturnOut)
def set_return_status(request: HttpRequest, return_id: DbId, body: ReturnStatusIn) -> Return:
    ret = selectors.return_get(actor=request.user, pk=return_id)
    services.return_set_status(actor=request.user, ret=ret, status=body.status, reason=body.reason)
    return selectors.return_get(actor=request.user, pk=return_id)


@router.get("/orders/{order_id}/withdrawal", response=WithdrawalOut)
def order_withdrawal(request: HttpRequest, order_id: DbId) -> dict[str, Any]:
    """The verdict an agent sees before opening a return: may the customer withdraw today, until when."""
    return selectors.order_withdrawal(actor=request.user, order_id=order_id).as_dict()
