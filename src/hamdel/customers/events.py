"""The events the customers app publishes (orders); other apps listen to them from their own wiring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class OrderCreated(Event):
    """A shop reported a new order (a re-post of the same order publishes nothing)."""

    name: ClassVar[str] = "order_created"
    public: ClassVar[str] = "order.created"
    order_id: int


@declare
@dataclass(frozen=True)
class OrderDelivered(Event):
    """An order's delivery time was set or changed (the withdrawal window counts from it)."""

    name: ClassVar[str] = "order_delivered"
    public: ClassVar[str] = "order.delivered"
    order_id: int
