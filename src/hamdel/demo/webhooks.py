"""Demo webhooks: the shop's CRM hears new conversations and survey answers; its log shows a retry. The
warehouse's receiver answers 404 until Hamdel disables it, which notifies the admins (the top bar's bell).

Made through the actions; the attempts are recorded as outcomes. The host is under the reserved `.example`
TLD (RFC 2606), so a live demo's new events never reach anyone: they show as retries that cannot resolve.
"""

from __future__ import annotations

from django.conf import settings

from hamdel.accounts.models import User
from hamdel.automation.webhooks.sender import Attempt
from hamdel.automation.webhooks.services import (
    webhook_attempt_record,
    webhook_create,
    webhook_deliveries_create,
)
from hamdel.conversations.models import Conversation
from hamdel.core.permissions import SYSTEM
from hamdel.core.slots import snapshots_expand


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
        data = snapshots_expand({"conversation_id": conversation.pk})
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
    _load_disabled_warehouse(admin=admin)


def _load_disabled_warehouse(*, admin: User) -> None:
    """A receiver that moved: every delivery is refused with 404 until the subscription is disabled."""
    warehouse, _secret = webhook_create(
        actor=admin,
        data={
            "url": "https://warehouse.shop.example/old/hamdel",
            "events": ["message.sent"],
            "description": "انبار (آدرس قدیمی)",
        },
    )
    replies = Conversation.objects.filter(messages__direction="out").distinct().order_by("-pk")
    for conversation in replies[: settings.HAMDEL_WEBHOOKS_DISABLE_AFTER]:
        message = conversation.messages.filter(direction="out").order_by("-pk").first()
        if message is None:
            continue
        data = snapshots_expand(
            {"message_id": message.pk, "conversation_id": conversation.pk, "channel": message.channel}
        )
        for delivery in webhook_deliveries_create(
            actor=SYSTEM, event="message.sent", data=data, subscription_ids=[warehouse.pk]
        ):
            webhook_attempt_record(
                actor=SYSTEM,
                delivery_id=delivery.pk,
                attempt=Attempt(ok=False, retryable=False, status=404, duration_ms=95, error="HTTP 404"),
            )
