"""Chat widget messages (stored as JSON envelopes) to InboundMessage."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from django.utils.translation import gettext as _

from hamdel.conversations.types import InboundAttachment, InboundMessage
from hamdel.core.errors import ApplicationError


def thread_key(inbox_id: int, visitor: str) -> str:
    return f"chat:{inbox_id}:{visitor}"


def group_for(thread: str) -> str:
    """The Channels group a visitor's browser listens on (names must be short and plain)."""
    return "chat-" + hashlib.sha256(thread.encode()).hexdigest()[:40]


def parse_chat(payload: str, headers: dict[str, Any]) -> InboundMessage:
    try:
        data = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ApplicationError(_("The body is not valid JSON."), status=400) from exc
    inbox_id, visitor = headers.get("inbox"), str(data.get("visitor", ""))
    text = str(data.get("text", ""))[:20_000]
    if not inbox_id or not visitor:
        raise ApplicationError(_("The chat message has no visitor."), status=400)
    attachments = []
    for item in data.get("files") or []:
        try:
            blob = base64.b64decode(item["data"], validate=True)
        except (KeyError, TypeError, binascii.Error) as exc:
            raise ApplicationError(_("The attached file is damaged."), status=400) from exc
        attachments.append(
            InboundAttachment(
                name=str(item.get("name", "file"))[:200], content_type=str(item.get("type", "")), data=blob
            )
        )
    contact = str(data.get("contact", "")).strip()[:200]
    # the browser's client id only de-duplicates within its own visitor: another visitor sending the same
    # id gets their own message, never a look at someone else's
    client_id = str(data.get("client_id") or "")[:100]
    return InboundMessage(
        channel="chat",
        identity_kind="chat",
        address=visitor,
        customer_name=str(data.get("name", "")).strip()[:200],
        text=text,
        external_id=f"chat:{visitor}:{client_id}" if client_id else "",
        thread_key=thread_key(int(inbox_id), visitor),
        meta={"inbox": inbox_id, "page": str(data.get("page", ""))[:500], "contact": contact},
        attachments=tuple(attachments),
    )
