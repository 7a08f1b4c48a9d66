"""E-mail in: every route (IMAP, SMTP/LMTP, .eml import) stores the raw message, then parses and ingests.

The parser itself (`parse.parse_envelope`) lives below this module: the pipeline finds it through the
registry, so the pipeline never imports this module back.
"""

from __future__ import annotations

from typing import Any

from hamdel.connectors import pipeline
from hamdel.connectors.email.parse import encode_raw
from hamdel.conversations.types import IngestResult


def receive_email(
    raw: bytes, *, recipients: list[str] | None = None, inbox_id: int | None = None, via: str = ""
) -> IngestResult:
    """Store then ingest one message; idempotent on Message-ID, so a re-fetch never duplicates."""
    payload, raw_headers = encode_raw(raw)
    headers: dict[str, Any] = {**raw_headers, "recipients": recipients or [], "inbox": inbox_id, "via": via}
    return pipeline.receive(source="email", payload=payload, headers=headers)
