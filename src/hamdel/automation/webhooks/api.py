"""Webhook subscriptions and their delivery log through the API (WEBHOOK_MANAGE). Thin: parse, act, answer."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hamdel.automation.webhooks import selectors, services
from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription
from hamdel.core.api_types import DbId

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


class WebhookSecretOut(Schema):
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


class CatalogueEventOut(Schema):
    name: str
    fields: dict[str, str]
    description: str


@router.get("/webhooks/events", response=list[CatalogueEventOut])
def list_events(request: HttpRequest) -> list[dict[str, object]]:
    """The event catalogue: every public event a subscription may hear, with its `data` fields."""
    return selectors.event_catalogue(actor=request.user)


@router.get("/webhooks", response=list[WebhookOut])
def list_webhooks(request: HttpRequest) -> object:
    return selectors.subscription_list(actor=request.user)


@router.post("/webhooks", response={201: WebhookCreated})
def create_webhook(request: HttpRequest, body: WebhookIn) -> tuple[int, dict[str, object]]:
    subscription, secret = services.webhook_create(actor=request.user, data=body.dict(exclude_unset=True))
    return 201, {**WebhookOut.from_orm(subscription).dict(), "secret": secret}


@router.get("/webhooks/{webhook_id}", response=WebhookOut)
def get_webhook(request: HttpRequest, webhook_id: DbId) -> WebhookSubscription:
    return selectors.subscription_get(actor=request.user, pk=webhook_id)


@router.patch("/webhooks/{webhook_id}", response=WebhookOut)
def patch_webhook(request: HttpRequest, webhook_id: DbId, body: WebhookIn) -> WebhookSubscription:
    """Only the fields sent change; `enabled: true` re-enables a subscription disabled after failures."""
    subscription = selectors.subscription_get(actor=request.user, pk=webhook_id)
    return services.webhook_update(
        actor=request.user, subscription=subscription, data=body.dict(exclude_unset=True)
    )


@router.delete("/webhooks/{webhook_id}", response={204: None})
def delete_webhook(request: HttpRequest, webhook_id: DbId) -> tuple[int, None]:
    subscription = selectors.subscription_get(actor=request.user, pk=webhook_id)
    services.webhook_delete(actor=request.user, subscription=subscription)
    return 204, None


@router.post("/webhooks/{webhook_id}/secret", response=WebhookSecretOut)
def rotate_secret(request: HttpRequest, webhook_id: DbId) -> dict[str, object]:
    subscription = selectors.subscription_get(actor=request.user, pk=webhook_id)
    return {
        "id": subscription.pk,
        "secret": services.webhook_rotate_secret(actor=request.user, subscription=subscription),
    }


@router.get("/webhooks/{webhook_id}/deliveries", response=list[DeliveryOut])
def list_deliveries(request: HttpRequest, webhook_id: DbId) -> object:
    """The last 100 deliveries, newest first: state, response code, duration, a body excerpt."""
    subscription = selectors.subscription_get(actor=request.user, pk=webhook_id)
    return selectors.delivery_list(actor=request.user, subscription=subscription)


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", response={202: DeliveryOut})
def redeliver(request: HttpRequest, webhook_id: DbId, delivery_id: uuid.UUID) -> tuple[int, WebhookDelivery]:
    """Send a delivered or given-up delivery again, with the same id and body."""
    delivery = selectors.delivery_get(
        actor=request.user, subscription_id=webhook_id, delivery_uuid=delivery_id
    )
    return 202, services.webhook_redeliver(actor=request.user, delivery=delivery)
