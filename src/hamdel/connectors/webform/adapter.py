"""Answers to web-form requests: e-mailed with the private tracking link when the customer left an address.

Without an e-mail address the answer waits on the tracking page, which is the delivery.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from hamdel.connectors.email.adapter import EmailAdapter
from hamdel.conversations.types import DeliveryResult, OutboundMessage


def tracking_url(thread_key: str) -> str:
    from hamdel.connectors.webform.views import tracking_token

    base = settings.HAMDEL_PUBLIC_URL or "http://127.0.0.1:8000"
    return base + reverse("connectors:form_track", args=[tracking_token(thread_key)])


class WebFormAdapter:
    def __init__(self) -> None:
        self.email = EmailAdapter()

    def send(self, message: OutboundMessage) -> DeliveryResult:
        if not message.to.get("email"):
            return DeliveryResult(ok=True, provider_id="tracking-page")
        link = tracking_url(message.thread_key)
        follow = _("Follow your request and answer here:")
        text = f"{message.text}\n\n{follow} {link}"
        return self.email.send(replace(message, text=text))
