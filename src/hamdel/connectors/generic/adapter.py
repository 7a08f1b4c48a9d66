"""The generic API channel: storing the reply is its delivery.

The integrator reads replies through the API (GET /api/v1/conversations/{id}/messages) or hears them as the
signed webhook event `message.sent` (a subscription, /automation/webhooks/). The old
HAMDEL_GENERIC_WEBHOOK_URL hook that this adapter used to POST to is now such a subscription, created once
by `automation.webhooks.tasks.import_legacy_hook`; the adapter posts nothing itself.
"""

from __future__ import annotations

from hamdel.conversations.types import DeliveryResult, OutboundMessage


class GenericAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        return DeliveryResult(ok=True, provider_id="api")
