"""The webhooks feature's own (internal) event: a delivery is waiting to be sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class WebhookDeliveryQueued(Event):
    """A webhook delivery was created or asked for again; sending runs in its own task."""

    name: ClassVar[str] = "webhook_delivery_queued"
    delivery_id: int
