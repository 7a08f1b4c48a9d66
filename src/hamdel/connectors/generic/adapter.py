"""The generic API channel: replies are posted, HMAC-signed, to the integrator's webhook if one is set.

Without a webhook the integrator reads replies through the API (GET /api/v1/conversations/{id}/messages),
so storing the reply is the delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings

from hamdel.conversations.types import DeliveryResult, OutboundMessage


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class GenericAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        url = settings.HAMDEL_GENERIC_WEBHOOK_URL
        if not url:
            return DeliveryResult(ok=True, provider_id="api")
        body = json.dumps(
            {
                "message_id": message.message_id,
                "conversation_id": message.conversation_id,
                "thread_key": message.thread_key,
                "to": message.to,
                "text": message.text,
                "agent": message.agent_name,
            },
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Hamdel-Signature": sign(body, settings.HAMDEL_GENERIC_WEBHOOK_SECRET),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                return DeliveryResult(ok=True, provider_id=str(response.status))
        except urllib.error.HTTPError as exc:
            return DeliveryResult(
                ok=False, error=f"HTTP {exc.code}", retryable=exc.code >= 500 or exc.code == 429
            )
        except (OSError, urllib.error.URLError) as exc:
            return DeliveryResult(ok=False, error=str(exc), retryable=True)
