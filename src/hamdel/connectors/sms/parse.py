"""Inbound SMS (from, to, message, messageid) to InboundMessage."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from hamdel.conversations.types import InboundMessage
from hamdel.core.errors import ApplicationError


def parse_sms(payload: str, headers: dict[str, Any]) -> InboundMessage:
    try:
        data = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ApplicationError(_("The body is not valid JSON."), status=400) from exc
    sender, text = str(data.get("from", "")).strip(), str(data.get("message", ""))
    if not sender or not text.strip():
        raise ApplicationError(_("An SMS needs 'from' and 'message'."), status=400)
    provider_id = str(data.get("messageid", "")).strip()
    return InboundMessage(
        channel="sms",
        identity_kind="phone",
        address=sender,
        text=text,
        external_id=f"{headers.get('inbox')}:{provider_id}" if provider_id else "",
        meta={"inbox": headers.get("inbox"), "to": data.get("to", ""), "provider_id": provider_id},
    )
