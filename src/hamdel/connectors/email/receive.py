"""E-mail in: every route (IMAP, SMTP/LMTP, .eml import) stores the raw message, then parses and ingests."""

from __future__ import annotations

from typing import Any

from hamdel.connectors import pipeline
from hamdel.connectors.email.parse import decode_raw, encode_raw, parse_email
from hamdel.conversations.types import InboundMessage, IngestResult


def parse_envelope(payload: str, headers: dict[str, Any]) -> InboundMessage:
    return parse_email(
        decode_raw(payload, headers),
        recipients=headers.get("recipients") or [],
        inbox_id=headers.get("inbox"),
    )


def receive_email(
    raw: bytes, *, recipients: list[str] | None = None, inbox_id: int | None = None, via: str = ""
) -> IngestResult:
    """Store then ingest one message; idempotent on Message-ID, so a re-fetch never duplicates."""
    payload, headers = encode_raw(raw)
    headers |= {"recipients": recipients or [], "inbox": inbox_id, "via": via}
    return pipeline.receive(source="email", payload=payload, headers=headers)
