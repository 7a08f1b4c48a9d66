"""Channels where the agent answers in person or by phone: the record itself is the delivery."""

from __future__ import annotations

from hamdel.conversations.types import DeliveryResult, OutboundMessage


class OfflineAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        return DeliveryResult(ok=True, provider_id="logged")
