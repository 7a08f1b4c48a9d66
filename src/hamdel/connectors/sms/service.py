"""SMS writes that are the connectors' own: delivery reports from the gateway."""

from __future__ import annotations

from django.db import transaction

from hamdel.connectors.models import DeliveryReport
from hamdel.connectors.sms.provider import DELIVERED, FAILED
from hamdel.conversations.models import Delivery
from hamdel.conversations.services import delivery_record_result
from hamdel.conversations.types import DeliveryResult


@transaction.atomic
def report_record(*, provider_id: str, status: str) -> bool:
    """Keep the gateway's report; a final failure turns the message's delivery to failed with the reason."""
    delivery = Delivery.objects.filter(message__channel="sms", provider_id=provider_id).first()
    if delivery is None:
        return False
    status = status.strip()
    reason = FAILED.get(status, "")
    DeliveryReport.objects.create(
        delivery=delivery,
        status=status,
        delivered=status in DELIVERED,
        detail=reason or ("delivered" if status in DELIVERED else ""),
    )
    if reason:
        delivery_record_result(
            delivery_id=delivery.pk,
            result=DeliveryResult(ok=False, error=f"SMS {reason} (gateway status {status})", retryable=False),
        )
    return True
