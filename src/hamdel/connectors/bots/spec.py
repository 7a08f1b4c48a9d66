"""Telegram and Bale bots: one Bot API under two addresses; updates come to a secret-checked webhook."""

from __future__ import annotations

import hmac
import json
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.bots.adapter import BotAdapter
from hamdel.connectors.bots.parse import parse_update
from hamdel.connectors.models import Inbox
from hamdel.connectors.secrets import mask
from hamdel.connectors.spec import ChannelSpec, WebhookRefused


def webhook(inbox: Inbox, request: HttpRequest) -> str:
    """The secret token we set with setWebhook must come back in its header."""
    if request.method != "POST":
        raise WebhookRefused(_("Use POST."), 405)
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), inbox.webhook_secret.encode()):
        raise WebhookRefused(_("The webhook secret is wrong."), 403)
    try:
        json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise WebhookRefused(_("The body is not valid JSON."), 400) from exc
    return request.body.decode()


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    return [
        (_("Webhook"), base + reverse("connectors:bot_webhook", args=[inbox.kind, inbox.key])),
        (_("Secret token"), mask(inbox.webhook_secret)),
    ]


def _bot(name: str, label: Any, icon: str) -> ChannelSpec:
    return ChannelSpec(
        name=name,
        label=label,
        icon=icon,
        identity_kind=name,
        parse=parse_update,
        sender=BotAdapter(),
        columns=("bot_token", "api_base"),
        secret_fields=("bot_token",),
        required=("bot_token",),
        ltr_fields=("api_base",),
        endpoints=endpoints,
        webhook=webhook,
    )


TELEGRAM = _bot("telegram", gettext_lazy("Telegram"), "✈")
BALE = _bot("bale", gettext_lazy("Bale"), "🕊")
