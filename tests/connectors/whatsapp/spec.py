"""A toy channel, exactly as docs/adding-a-channel.md walks through it: WhatsApp via a generic HTTP provider.

In the product this folder would be src/hamdel/connectors/whatsapp/ and registry.CHANNELS would gain the
line "hamdel.connectors.whatsapp.spec.WHATSAPP"; the tests register it the same way (registry.register).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamdel.connectors import http
from hamdel.connectors.models import Inbox
from hamdel.connectors.spec import ChannelSpec, WebhookRefused
from hamdel.conversations.types import DeliveryResult, InboundMessage, OutboundMessage
from hamdel.core.errors import ApplicationError


def parse(payload: str, headers: dict[str, Any]) -> InboundMessage:
    """The provider posts {"id", "from", "name", "text"}; the sender's number is the customer's identity."""
    data = json.loads(payload)
    if not data.get("from") or not data.get("text"):
        raise ApplicationError(_("The message is not valid."), {"fields": ["from", "text"]}, status=422)
    return InboundMessage(
        channel="whatsapp",
        identity_kind="phone",
        address=str(data["from"]),
        customer_name=str(data.get("name") or ""),
        text=str(data["text"]),
        external_id=f"wa:{data['id']}",
        meta={"inbox": headers.get("inbox")},
    )


def webhook(inbox: Inbox, request: HttpRequest) -> str:
    """The provider signs each body with the app secret: X-Signature: sha256=<hex HMAC>."""
    secret = str(inbox.setting("app_secret")).encode()
    expected = "sha256=" + hmac.new(secret, request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("X-Signature", ""), expected):
        raise WebhookRefused(_("The webhook secret is wrong."), 403)
    return request.body.decode()


class Sender:
    """POST {api_url}/messages {"to", "text"} with the API key; 5xx and network errors are retried."""

    def send(self, message: OutboundMessage) -> DeliveryResult:
        inbox = Inbox.objects.filter(kind="whatsapp", is_active=True).first()
        phones = message.to.get("phone", [])
        if inbox is None or not phones:
            return DeliveryResult(ok=False, error="No WhatsApp line or number.", retryable=False)
        url = str(inbox.setting("api_url")).rstrip("/") + "/messages"
        body = {"to": phones[0], "text": message.text, "key": inbox.setting("api_key")}
        try:
            answer = http.post_json(url, body)
        except OSError as exc:
            return DeliveryResult(ok=False, error=str(exc), retryable=True)
        if answer.status >= 300:
            return DeliveryResult(ok=False, error=f"HTTP {answer.status}", retryable=answer.status >= 500)
        return DeliveryResult(ok=True, provider_id=str((answer.json() or {}).get("id", "")))


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    return [(_("Webhook"), base + reverse("connectors:webhook", args=["whatsapp", inbox.key]))]


WHATSAPP = ChannelSpec(
    name="whatsapp",
    label=_("WhatsApp"),
    icon="🟢",
    identity_kind="phone",
    parse=parse,
    sender=Sender(),
    fields={
        "api_url": lambda: forms.URLField(label=_("API address")),
        "api_key": lambda: forms.CharField(label=_("API key")),
        "app_secret": lambda: forms.CharField(label=_("Webhook secret")),
    },
    secret_fields=("api_key", "app_secret"),
    required=("api_url", "api_key", "app_secret"),
    ltr_fields=("api_url",),
    endpoints=endpoints,
    webhook=webhook,
)
