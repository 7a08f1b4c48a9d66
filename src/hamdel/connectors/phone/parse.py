"""Phone calls (from the phone system or an agent's form) to InboundMessage."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hamdel.connectors.payload import load_json, parse_time
from hamdel.conversations.types import InboundMessage
from hamdel.core.errors import ApplicationError


def call_summary(data: dict[str, Any]) -> str:
    """The line agents read in the timeline when there is no transcript."""
    if data.get("missed"):
        return _("Missed call from %(number)s — call back.") % {"number": data["caller"]}
    minutes = round((data.get("duration_seconds") or 0) / 60, 1)
    return _("Phone call with %(number)s, %(minutes)s minutes.") % {
        "number": data["caller"],
        "minutes": minutes,
    }


def parse_call(payload: str, headers: dict[str, Any]) -> InboundMessage:
    data = load_json(payload)
    if not str(data.get("caller", "")).strip():
        raise ApplicationError(_("A call needs the caller's number."), {"caller": "required"}, status=422)
    transcript = str(data.get("transcript") or "").strip()
    meta = {
        k: data.get(k)
        for k in (
            "ivr_path",
            "queue_wait_seconds",
            "duration_seconds",
            "recording_url",
            "missed",
            "direction",
            "agent",
        )
        if data.get(k) not in (None, "", [])
    }
    meta["call_id"] = data.get("call_id", "")
    return InboundMessage(
        channel="phone",
        identity_kind="phone",
        address=str(data["caller"]),
        customer_name=str(data.get("name") or ""),
        text=transcript or call_summary(data),
        subject=str(data.get("subject") or "")[:300],
        external_id=f"call:{data['call_id']}" if data.get("call_id") else "",
        sent_at=parse_time(data.get("started_at")),
        meta=meta,
    )
