"""Demo webhooks: the shop's CRM hears new conversations and survey answers; its log shows a retry.

Made through the actions; the attempts are recorded as outcomes. The host is under the reserved `.example`
TLD (RFC 2606), so a live demo's new events never reach anyone: they show as retries that cannot resolve.
"""

from __future__ import annotations

from hamdel.accounts.models import User
from hamdel.automation.webhooks.sender import Attempt
from hamdel.automation.webhooks.services import (
    webhook_attempt_record,
    webhook_create,
    webhook_deliveries_create,
)
from hamdel.conversations.models import Conversation
from hamdel.core.permissions import SYSTEM


def load_webhooks_demo(*, admin: User) -> None:
    webhook_create(
        actor=admin,
        data={
            "url": "https://crm.shop.example/hooks/hamdel",
            "events": ["conversation.created", "survey.answered"],
            "description": "CRM فروشگاه",
        },
    )
    for conversation in Conversation.objects.order_by("-pk")[:3]:
        data = {"conversation_id": conversation.pk}
        for delivery in webhook_deliveries_create(actor=SYSTEM, event="conversation.created", data=data):
            if conversation.pk % 2:
                webhook_attempt_record(
                    actor=SYSTEM,
                    delivery_id=delivery.pk,
                    attempt=Attempt(ok=False, retryable=True, status=503, duration_ms=812, error="HTTP 503"),
                )
            webhook_attempt_record(
                actor=SYSTEM,
                delivery_id=delivery.pk,
                attempt=Attempt(ok=True, retryable=False, status=200, duration_ms=143, excerpt='{"ok":true}'),
            )
