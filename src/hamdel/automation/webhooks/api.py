"""Webhook subscriptions and their delivery log through the API (WEBHOOK_MANAGE). Thin: parse, act, answer."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from hamdel.automation.webhooks import selectors, services
from hamdel.automation.webhooks.catalogue import event_fields, public_events
from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription
from hamdel.core.permissions import Perm, require

router = Router(tags=["webhooks"])


class WebhookIn(Schema):
    url: str | None = Field(None, description="http(s) URL on a public address")
    events: list[str] | None = Field(None, description="public event names, see GET /webhooks/events")
    description: str | None = None
    enabled: bool | None = None


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    description: str
    enabled: bool
    disabled_reason: str
    created_at: dt.datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="shown this once: keep it to verify X-Hamdel-Signature")


class SecretOut(Schema):
    id: int
    secret: str


class DeliveryOut(Schema):
    id: uuid.UUID = Field(..., alias="uuid")
    event: str
    state: str
    attempts: int
    response_code: int | None
    duration_ms: int | None
    response_excerpt: str
    error: str
    created_at: dt.datetime
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


class EventOut(Schema):
    name: str
    fields: dict[str, str]
    description: str


@router.get("/webhooks/events", response=list[EventOut])
def list_events(request: HttpRequest) -> list[dict[str, object]]:
    """The event catalogue: every public event a subscription may hear, with its `data` fields."""
    require(request.user, Perm.WEBHOOK_MANAGE)
    return [
        {
            "name": name,
            "fields": dict(event_fields(cls)),
            "description": " ".join((cls.__doc__ or "").split()),
        }
        for name, cls in public_events().items()
    ]


@router.get("/webhooks", response=list[WebhookOut])
def list_webhooks(request: HttpRequest) -> object:
    require(request.user, Perm.WEBHOOK_MANAGE)
    return selectors.subscription_list()


@router.post("/webhooks", response={201: WebhookCreated})
def create_webhook(request: HttpRequest, body: WebhookIn) -> tuple[int, dict[str, object]]:
    subscription, secret = services.webhook_create(actor=request.user, data=body.dict(exclude_unset=True))
    return 201, {**WebhookOut.from_orm(subscription).dict(), "secret": secret}


@router.get("/webhooks/{webhook_id}", response=WebhookOut)
def get_webhook(request: HttpRequest, webhook_id: int) -> WebhookSubscription:
    require(request.user, Perm.WEBHOOK_MANAGE)
    return get_object_or_404(WebhookSubscription, pk=webhook_id)


@router.patch("/webhooks/{webhook_id}", response=WebhookOut)
def patch_webhook(request: HttpRequest, webhook_id: int, body: WebhookIn) -> WebhookSubscription:
    """Only the fields sent change; `enabled: true` re-enables a subscription disabled after failures."""
    require(request.user, Perm.WEBHOOK_MANAGE)
    subscription = get_object_or_404(WebhookSubscription, pk=webhook_id)
    return services.webhook_update(
        actor=request.user, subscription=subscription, data=body.dict(exclude_unset=True)
    )


@router.delete("/webhooks/{webhook_id}", response={204: None})
def delete_webhook(request: HttpRequest, webhook_id: int) -> tuple[int, None]:
    require(request.user, Perm.WEBHOOK_MANAGE)
    services.webhook_delete(
        actor=request.user, subscription=get_object_or_404(WebhookSubscription, pk=webhook_id)
    )
    return 204, None


@router.post("/webhooks/{webhook_id}/secret", response=SecretOut)
def rotate_secret(request: HttpRequest, webhook_id: int) -> dict[str, object]:
    require(request.user, Perm.WEBHOOK_MANAGE)
    subscription = get_object_or_404(WebhookSubscription, pk=webhook_id)
    return {
        "id": subscription.pk,
        "secret": services.webhook_rotate_secret(actor=request.user, subscription=subscription),
    }


@router.get("/webhooks/{webhook_id}/deliveries", response=list[DeliveryOut])
def list_deliveries(request: HttpRequest, webhook_id: int) -> object:
    """The last 100 deliveries, newest first: state, response code, duration, a body excerpt."""
    require(request.user, Perm.WEBHOOK_MANAGE)
    return selectors.delivery_list(get_object_or_404(WebhookSubscription, pk=webhook_id))


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", response={202: DeliveryOut})
def redeliver(request: HttpRequest, webhook_id: int, delivery_id: uuid.UUID) -> tuple[int, WebhookDelivery]:
    """Send a delivered or given-up delivery again, with the same id and body."""
    require(request.user, Perm.WEBHOOK_MANAGE)
    delivery = get_object_or_404(WebhookDelivery, subscription_id=webhook_id, uuid=delivery_id)
    return 202, services.webhook_redeliver(actor=request.user, delivery=delivery)
