"""Orders through the API, mounted at /api/v1/orders: a shop posts its orders and their delivery times."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from hamdel.core.api_types import DbId
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.customers import orders
from hamdel.customers.models import Order

router = Router(tags=["orders"])


class OrderCustomerIn(Schema):
    name: str = ""
    email: str | None = None
    phone: str | None = None


class OrderItemIn(Schema):
    sku: str = ""
    name: str = ""
    # Numbers or digit strings: the action checks them and names every bad one (a 400, not a 422).
    quantity: int | str = 1
    unit_price: int | str = 0


class OrderIn(Schema):
    external_id: str = ""
    customer: OrderCustomerIn = OrderCustomerIn()
    channel: str = ""
    ordered_at: str | None = None
    delivered_at: str | None = None
    items: list[OrderItemIn] = []
    total: int | str | None = None


class OrderPatch(Schema):
    delivered_at: str | None


class OrderCreatedOut(Schema):
    id: int
    external_id: str
    customer_id: int
    created: bool


class OrderItemOut(Schema):
    sku: str
    name: str
    quantity: int
    unit_price: int


class OrderOut(Schema):
    id: int
    external_id: str
    customer_id: int
    customer_name: str
    channel: str
    status: str
    ordered_at: dt.datetime
    delivered_at: dt.datetime | None
    total: int | None
    items: list[OrderItemOut]

    @staticmethod
    def resolve_external_id(obj: Order) -> str:
        return obj.number

    @staticmethod
    def resolve_customer_name(obj: Order) -> str:
        return obj.customer.name

    @staticmethod
    def resolve_items(obj: Order) -> list[OrderItemOut]:
        return [
            OrderItemOut(sku=i.sku, name=i.name, quantity=i.quantity, unit_price=i.unit_price)
            for i in obj.items.all()
        ]


class OrderImportOut(Schema):
    created: int
    unchanged: int
    errors: list[dict]


@router.post("", response={200: OrderCreatedOut, 201: OrderCreatedOut})
def create_order(request: HttpRequest, body: OrderIn) -> tuple[int, OrderCreatedOut]:
    """201 for a new order; 200 with the same id when the same order is posted again; 409 if it differs."""
    result = orders.order_create(
        actor=request.user,
        data=orders.OrderIn(
            external_id=body.external_id,
            channel=body.channel,
            ordered_at=body.ordered_at,
            delivered_at=body.delivered_at,
            total=body.total,
            customer_name=body.customer.name,
            customer_email=body.customer.email,
            customer_phone=body.customer.phone,
            items=[
                orders.OrderItemIn(sku=i.sku, name=i.name, quantity=i.quantity, unit_price=i.unit_price)
                for i in body.items
            ],
        ),
    )
    order = result.order
    out = OrderCreatedOut(
        id=order.pk, external_id=order.number, customer_id=order.customer_id, created=result.created
    )
    return (201 if result.created else 200), out


@router.post("/import", response=OrderImportOut)
def import_orders(request: HttpRequest, file: File[UploadedFile]) -> OrderImportOut:
    """A CSV file, one row per item; see docs/policies.md for the columns."""
    if (file.size or 0) > 5 * 1024 * 1024:
        raise ApplicationError(_("The file is too large."), {"file": "too_large"}, code="too_large")
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("The file is not UTF-8 text."), {"file": "encoding"}) from exc
    summary = orders.orders_import(actor=request.user, text=text)
    return OrderImportOut(created=summary.created, unchanged=summary.unchanged, errors=summary.errors)


@router.get("", response=list[OrderOut])
def list_orders(request: HttpRequest, customer_id: DbId | None = None, external_id: str = "") -> list[Order]:
    """A customer's orders (or one by the shop's id), newest first, at most 200."""
    require(request.user, Perm.CUSTOMER_VIEW)
    return list(orders.order_list(customer_id=customer_id, external_id=external_id)[:200])


@router.get("/{order_id}", response=OrderOut)
def get_order(request: HttpRequest, order_id: DbId) -> Order:
    require(request.user, Perm.CUSTOMER_VIEW)
    get_object_or_404(Order, pk=order_id)
    return orders.order_get(pk=order_id)


@router.patch("/{order_id}", response=OrderOut)
def patch_order(request: HttpRequest, order_id: DbId, body: OrderPatch) -> Order:
    """The shop's delivery update: `{"delivered_at": ISO-8601}` (null clears it)."""
    order = get_object_or_404(Order, pk=order_id)
    orders.order_set_delivered(actor=request.user, order=order, delivered_at=body.delivered_at)
    return orders.order_get(pk=order_id)
