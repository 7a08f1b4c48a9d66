"""Webhook actions: subscriptions (WEBHOOK_MANAGE) and the deliveries Hamdel makes and records.

The delivery actions are Hamdel's own work (listeners and the delivery task run them as SYSTEM); they still
call `require` so a person's key can never drive them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.accounts.notifications import notification_send
from hamdel.automation.webhooks.catalogue import public_events
from hamdel.automation.webhooks.events import WebhookDeliveryQueued
from hamdel.automation.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
from hamdel.automation.webhooks.security import UnsafeUrl, check_url
from hamdel.automation.webhooks.sender import Attempt
from hamdel.automation.webhooks.signing import new_secret
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.models import AuditLog
from hamdel.core.permissions import SYSTEM, Perm, require
from hamdel.core.persian import fa_digits

FIELDS = ("url", "events", "description", "enabled")
MAX_URL = 2000
MAX_DESCRIPTION = 300


def _url_problem(url: Any) -> str | None:
    """None when the URL may be called; otherwise the stable reason (also the `extra` value)."""
    if not isinstance(url, str) or not url.strip():
        return "required"
    url = url.strip()
    if len(url) > MAX_URL:
        return "too_long"
    if urlsplit(url).scheme not in ("http", "https"):
        return "bad_scheme"
    try:
        check_url(url)
    except UnsafeUrl as exc:
        # A name that does not resolve yet is accepted (DNS may follow the set-up; offline installs):
        # every attempt checks again, so it can never reach a private address.
        return None if exc.code == "unresolvable" else exc.code
    return None


def _events_problem(events: Any) -> str | None:
    if not isinstance(events, list) or not events:
        return "required"
    known = public_events()
    unknown = [e for e in events if not isinstance(e, str) or e not in known]
    if unknown:
        return "unknown_event: " + ", ".join(str(e) for e in unknown)
    return None


def _validate(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check every field sent; one bad field refuses the whole request and names every bad one."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields."), {k: "unknown" for k in sorted(unknown)})
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if creating or "url" in data:
        problem = _url_problem(data.get("url"))
        if problem:
            errors["url"] = problem
        else:
            clean["url"] = data["url"].strip()
    if creating or "events" in data:
        problem = _events_problem(data.get("events"))
        if problem:
            errors["events"] = problem
        else:
            clean["events"] = sorted(set(data["events"]))
    if "description" in data:
        description = data["description"] or ""
        if not isinstance(description, str) or len(description) > MAX_DESCRIPTION:
            errors["description"] = "too_long"
        else:
            clean["description"] = description.strip()
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            errors["enabled"] = "invalid"
        else:
            clean["enabled"] = data["enabled"]
    if errors:
        if "events" in errors and errors["events"].startswith("unknown_event"):
            code, message = "unknown_event", _("Unknown event name. Choose from the event catalogue.")
        elif errors.get("url") == "private_address":
            code = "private_address"
            message = _(
                "This address is on a private or local network; Hamdel does not call such addresses "
                "unless the installation allows it (HAMDEL_WEBHOOKS_ALLOW_PRIVATE=1)."
            )
        elif "url" in errors:
            code, message = "invalid_url", _("The webhook address is not valid: use an http or https URL.")
        else:
            code, message = "invalid", _("Some fields are not valid.")
        raise ApplicationError(message, errors, code=code)
    return clean


@transaction.atomic
def webhook_create(*, actor: Any, data: dict[str, Any]) -> tuple[WebhookSubscription, str]:
    """A new subscription; returns it with its secret (shown this once)."""
    require(actor, Perm.WEBHOOK_MANAGE)
    clean = _validate(data, creating=True)
    secret = new_secret()
    subscription = WebhookSubscription.objects.create(
        secret=secret, created_by=actor if getattr(actor, "pk", None) else None, **clean
    )
    audit(actor=actor, action="webhook.create", target=f"webhook:{subscription.pk}", after=_public(clean))
    return subscription, secret


def _public(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a subscription: never its secret."""
    return {k: v for k, v in values.items() if k != "secret"}


@transaction.atomic
def webhook_update(
    *, actor: Any, subscription: WebhookSubscription, data: dict[str, Any]
) -> WebhookSubscription:
    """Only the fields sent change. Enabling again clears the failure count and the reason."""
    require(actor, Perm.WEBHOOK_MANAGE)
    clean = _validate(data, creating=False)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    before = {key: getattr(subscription, key) for key in clean}
    for key, value in clean.items():
        setattr(subscription, key, value)
    if clean.get("enabled") is True:
        subscription.failures_in_a_row = 0
        subscription.disabled_reason = ""
    subscription.save()
    audit(
        actor=actor,
        action="webhook.update",
        target=f"webhook:{subscription.pk}",
        before=_public(before),
        after=_public(clean),
    )
    return subscription


@transaction.atomic
def webhook_delete(*, actor: Any, subscription: WebhookSubscription) -> None:
    require(actor, Perm.WEBHOOK_MANAGE)
    WebhookSubscription.objects.filter(pk=subscription.pk).delete()
    audit(actor=actor, action="webhook.delete", target=f"webhook:{subscription.pk}", url=subscription.url)


@transaction.atomic
def webhook_rotate_secret(*, actor: Any, subscription: WebhookSubscription) -> str:
    """A new secret (shown once); the old one stops signing at once."""
    require(actor, Perm.WEBHOOK_MANAGE)
    secret = new_secret()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(secret=secret)
    audit(actor=actor, action="webhook.rotate_secret", target=f"webhook:{subscription.pk}")
    return secret


def envelope(*, delivery_uuid: str, event: str, data: dict[str, Any], created_at: dt.datetime) -> str:
    """The JSON every receiver gets: {id, event, created_at, data}."""
    return json.dumps(
        {
            "id": delivery_uuid,
            "event": event,
            "created_at": created_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "data": data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )


@transaction.atomic
def webhook_deliveries_create(
    *, actor: Any, event: str, data: dict[str, Any], subscription_ids: list[int] | None = None
) -> list[WebhookDelivery]:
    """One pending delivery per enabled subscription that hears `event` (the listener, as SYSTEM).

    `subscription_ids`: exactly these (enabled) subscriptions, whatever events they chose — for a rule's
    "call a webhook" action, which names its subscription.
    """
    require(actor, Perm.WEBHOOK_MANAGE)
    deliveries = []
    subscriptions = WebhookSubscription.objects.filter(enabled=True).order_by("pk")
    if subscription_ids is not None:
        subscriptions = subscriptions.filter(pk__in=subscription_ids)
    for subscription in subscriptions:
        if subscription_ids is None and event not in subscription.events:
            continue  # JSON `contains` on a list is not portable to SQLite; the list is short
        delivery = WebhookDelivery(subscription=subscription, event=event, body="")
        delivery.body = envelope(
            delivery_uuid=str(delivery.uuid), event=event, data=data, created_at=timezone.now()
        )
        delivery.save()
        deliveries.append(delivery)
        publish(WebhookDeliveryQueued(delivery_id=delivery.pk))
    return deliveries


def webhook_backoff(attempts: int) -> dt.timedelta:
    """30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h, then 12 h: quick retries for blips, patient for outages."""
    return min(dt.timedelta(seconds=30 * 4 ** max(0, attempts - 1)), dt.timedelta(hours=12))


@transaction.atomic
def webhook_attempt_record(*, actor: Any, delivery_id: int, attempt: Attempt) -> WebhookDelivery:
    """The outcome of one attempt: delivered, retry later (same delivery id), or given up.

    A subscription whose deliveries are given up HAMDEL_WEBHOOKS_DISABLE_AFTER times in a row is disabled
    with a visible reason; any success resets the count.
    """
    require(actor, Perm.WEBHOOK_MANAGE)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=delivery.subscription_id)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_code = attempt.status
    delivery.duration_ms = attempt.duration_ms
    delivery.response_excerpt = attempt.excerpt[:500]
    delivery.error = attempt.error[:500]
    if attempt.ok:
        delivery.state = DeliveryState.SUCCEEDED
        delivery.next_attempt_at = None
        subscription.failures_in_a_row = 0
    elif attempt.retryable and delivery.attempts < settings.HAMDEL_WEBHOOKS_MAX_ATTEMPTS:
        delivery.state = DeliveryState.RETRYING
        delivery.next_attempt_at = now + webhook_backoff(delivery.attempts)
    else:
        delivery.state = DeliveryState.FAILED
        delivery.next_attempt_at = None
        subscription.failures_in_a_row += 1
        if subscription.enabled and subscription.failures_in_a_row >= settings.HAMDEL_WEBHOOKS_DISABLE_AFTER:
            _disable(subscription, delivery)
    delivery.save()
    subscription.save(update_fields=["failures_in_a_row", "enabled", "disabled_reason"])
    return delivery


def _disable(subscription: WebhookSubscription, delivery: WebhookDelivery) -> None:
    """Turn the subscription off with a visible reason and tell every admin who manages webhooks.

    The reason and the notice are stored text, written by a worker with no request: they are written in
    the installation's language (LANGUAGE_CODE, Persian by default), not the worker's.
    """
    last = delivery.error or (f"HTTP {delivery.response_code}" if delivery.response_code else "—")
    with translation.override(settings.LANGUAGE_CODE):
        count = subscription.failures_in_a_row
        n = fa_digits(count) if translation.get_language().startswith("fa") else str(count)
        subscription.enabled = False
        subscription.disabled_reason = _(
            "Disabled after %(n)s deliveries failed in a row (last: %(error)s)."
        ) % {"n": n, "error": last}
        text = _(
            "The webhook %(name)s was disabled: %(n)s deliveries in a row failed (last: %(error)s). "
            "Check the receiver, then enable it again."
        ) % {
            "name": subscription.description or subscription.url,
            "n": n,
            "error": last,
        }
    notification_send(
        actor=SYSTEM,
        perm=Perm.WEBHOOK_MANAGE,
        text=text[:500],
        link=reverse("automation:webhook_detail", args=[subscription.pk]),
    )


@transaction.atomic
def webhook_deliveries_prune(*, actor: Any, keep_days: int | None = None) -> int:
    """Delete delivered and given-up deliveries older than `keep_days` (HAMDEL_WEBHOOKS_KEEP_DAYS).

    Deliveries still waiting or retrying are kept whatever their age: their retries must still run.
    Returns how many were deleted.
    """
    require(actor, Perm.WEBHOOK_MANAGE)
    days = settings.HAMDEL_WEBHOOKS_KEEP_DAYS if keep_days is None else keep_days
    if days < 1:
        raise ApplicationError(_("Keep the log at least one day."), {"keep_days": "too_small"})
    cutoff = timezone.now() - dt.timedelta(days=days)
    old = WebhookDelivery.objects.filter(
        created_at__lt=cutoff, state__in=(DeliveryState.SUCCEEDED, DeliveryState.FAILED)
    )
    deleted, _by_model = old.delete()
    return deleted


@transaction.atomic
def webhook_redeliver(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again with the same id and body (a receiver that already has it may ignore it)."""
    require(actor, Perm.WEBHOOK_MANAGE)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state in (DeliveryState.PENDING, DeliveryState.RETRYING):
        raise ApplicationError(
            _("This delivery is still being sent."),
            {"delivery": str(delivery.uuid), "state": delivery.state},
            code="delivery_in_progress",
            status=409,
        )
    delivery.state = DeliveryState.PENDING
    delivery.next_attempt_at = None
    delivery.attempts = 0
    delivery.save(update_fields=["state", "next_attempt_at", "attempts"])
    publish(WebhookDeliveryQueued(delivery_id=delivery.pk))
    return delivery


LEGACY_ACTION = "webhook_import_legacy"


@transaction.atomic
def webhook_import_legacy(
    *, actor: Any, url: str, secret: str, events: list[str]
) -> WebhookSubscription | None:
    """The old HAMDEL_GENERIC_WEBHOOK_URL hook as a subscription, created once per URL (None otherwise).

    "Once" is remembered in the audit log, not by the subscription's existence: an admin who deletes the
    imported subscription does not see it come back while the old variable is still set. The old secret is
    kept so the receiver's configuration stays valid, but the signature format changes (`t=…,v1=…` over
    "<t>.<body>" instead of `sha256=<HMAC of the body>`; docs/webhooks.md). The URL is the operator's own
    setting, yet it passes the SSRF check like any other (an on-premise receiver needs
    HAMDEL_WEBHOOKS_ALLOW_PRIVATE=1).
    """
    require(actor, Perm.WEBHOOK_MANAGE)
    url = (url or "").strip()
    if not url:
        return None
    if (
        AuditLog.objects.filter(action=LEGACY_ACTION, target=url[:200]).exists()
        or WebhookSubscription.objects.filter(url=url).exists()
    ):
        return None
    clean = _validate({"url": url, "events": events}, creating=True)
    with translation.override(settings.LANGUAGE_CODE):
        description = _("Imported from HAMDEL_GENERIC_WEBHOOK_URL")
    subscription = WebhookSubscription.objects.create(
        secret=secret or new_secret(), description=description, **clean
    )
    audit(actor=actor, action=LEGACY_ACTION, target=url[:200], subscription_id=subscription.pk, url=url)
    return subscription
