"""Visits at the counter, logged by an agent, to InboundMessage."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hamdel.connectors.payload import load_json
from hamdel.conversations.types import InboundMessage
from hamdel.core.errors import ApplicationError


def parse_walk_in(payload: str, headers: dict[str, Any]) -> InboundMessage:
    data = load_json(payload)
    if not str(data.get("text") or "").strip():
        raise ApplicationError(_("Write what the customer asked for."), {"text": "required"}, status=422)
    return InboundMessage(
        channel="walk_in",
        identity_kind=str(data["kind"]),
        address=str(data["address"]),
        text=str(data["text"]),
        subject=str(data.get("subject") or "")[:300],
        external_id=f"visit:{data['visit_id']}" if data.get("visit_id") else "",
        meta={"branch": data.get("branch", ""), "logged_by": data.get("logged_by")},
    )
