"""Phone calls, social-media mentions and walk-in visits, recorded as JSON envelopes, to InboundMessage."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils.translation import gettext as _

from hamdel.conversations.types import InboundMessage
from hamdel.core.errors import ApplicationError


def _load(payload: str) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ApplicationError(_("The body is not valid JSON."), status=400) from exc
    if not isinstance(data, dict):
        raise ApplicationError(_("The body is not valid JSON."), status=400)
    return data


def _time(value: object) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ApplicationError(_("The time is not valid."), {"time": str(value)}, status=422) from exc
    if parsed.tzinfo is None:
        raise ApplicationError(_("The time needs a time zone, e.g. 2026-11-23T10:00:00+03:30."), status=422)
    return parsed


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
    data = _load(payload)
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
        sent_at=_time(data.get("started_at")),
        meta=meta,
    )


def parse_mention(payload: str, headers: dict[str, Any]) -> InboundMessage:
    data = _load(payload)
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
        sent_at=_time(data.get("time")),
        meta={"platform": platform, "url": url, "author": author},
    )


def parse_walk_in(payload: str, headers: dict[str, Any]) -> InboundMessage:
    data = _load(payload)
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
