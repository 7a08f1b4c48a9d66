"""An order as systems outside Hamdel see it (the `order.*` webhooks' `data`): the API's OrderOut."""

from __future__ import annotations

from typing import Any

from hamdel.customers.models import Order
from hamdel.customers.orders_api import OrderOut


def order_snapshot(order_id: int) -> dict[str, Any] | None:
    order = Order.objects.select_related("customer").prefetch_related("items").filter(pk=order_id).first()
    return None if order is None else OrderOut.from_orm(order).model_dump(mode="json")


def register() -> None:
    from hamdel.core.slots import Snapshot, snapshot_register

    snapshot_register(Snapshot("order_id", "order", order_snapshot, OrderOut))
