"""Social-media mentions (API or CSV import) to InboundMessage."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

from hamdel.connectors.payload import load_json, parse_time
from hamdel.conversations.types import InboundMessage
from hamdel.core.errors import ApplicationError


def parse_mention(payload: str, headers: dict[str, Any]) -> InboundMessage:
    data = load_json(payload)
    missing = [f for f in ("platform", "author", "text") if not str(data.get(f) or "").strip()]
    if missing:
        raise ApplicationError(_("The mention is missing fields."), {"fields": missing}, status=422)
    platform, author = (
        str(data["platform"]).strip().lower()[:30],
        str(data["author"]).strip().lstrip("@")[:200],
    )
    url = str(data.get("url") or "").strip()[:1000]
    if url and not url.startswith(("https://", "http://")):
        raise ApplicationError(_("The link must start with https://."), {"url": url}, status=422)
    ident = url or hashlib.sha256(f"{platform}{author}{data['text']}{data.get('time')}".encode()).hexdigest()
    text = str(data["text"])
    return InboundMessage(
        channel="social",
        identity_kind="social",
        address=f"{platform}:{author}",
        customer_name=str(data.get("name") or author),
        text=f"{text}\n\n{url}" if url else text,
        subject=f"{platform} · @{author}",
        external_id=f"mention:{ident}"[:255],
        thread_key=f"social:{ident}"[:300],
        sent_at=parse_time(data.get("time")),
        meta={"platform": platform, "url": url, "author": author},
    )
