"""SMS through an Iranian gateway (Kavenegar style): received messages and delivery reports by webhook."""

from __future__ import annotations

import hmac
import json

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.models import Inbox
from hamdel.connectors.secrets import mask
from hamdel.connectors.sms.adapter import SmsAdapter
from hamdel.connectors.sms.parse import parse_sms
from hamdel.connectors.spec import ChannelSpec, WebhookRefused


def check_secret(inbox: Inbox, request: HttpRequest) -> None:
    given = request.GET.get("secret", "") or request.headers.get("X-Hamdel-Secret", "")
    if not hmac.compare_digest(given.encode(), inbox.webhook_secret.encode()):
        raise WebhookRefused(_("The webhook secret is wrong."), 403)


def fields(request: HttpRequest) -> dict[str, str]:
    """Gateways post form fields, JSON, or put everything in the query string."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return {}
        return {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    source = request.POST if request.method == "POST" else request.GET
    return {k: str(v) for k, v in source.items() if k != "secret"}


def webhook(inbox: Inbox, request: HttpRequest) -> str:
    """A received SMS, forwarded by the gateway (from, to, message, messageid), by GET or POST."""
    check_secret(inbox, request)
    data = fields(request)
    if not data.get("from") or not data.get("message"):
        raise WebhookRefused(_("An SMS needs 'from' and 'message'."), 400)
    return json.dumps(data, ensure_ascii=False)


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    # The full secret is shown once, when it is made (the "new webhook secret" action); here only its end.
    q = f"?secret={mask(inbox.webhook_secret)}"
    return [
        (_("Received messages URL"), base + reverse("connectors:sms_inbound", args=[inbox.key]) + q),
        (_("Delivery reports URL"), base + reverse("connectors:sms_status", args=[inbox.key]) + q),
    ]


SMS = ChannelSpec(
    name="sms",
    label=gettext_lazy("SMS"),
    icon="📱",
    identity_kind="phone",
    parse=parse_sms,
    sender=SmsAdapter(),
    columns=("sms_sender", "sms_api_key", "api_base"),
    secret_fields=("sms_api_key",),
    ltr_fields=("sms_sender", "api_base"),
    endpoints=endpoints,
    webhook=webhook,
)
