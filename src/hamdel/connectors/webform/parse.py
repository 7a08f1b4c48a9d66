"""Guided web form submissions (one envelope per question) and answers from the tracking page."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.utils.translation import gettext as _

from hamdel.conversations.types import InboundAttachment, InboundMessage
from hamdel.core.errors import ApplicationError


def parse_form(payload: str, headers: dict[str, Any]) -> InboundMessage:
    try:
        data = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ApplicationError(_("The body is not valid JSON."), status=400) from exc
    email, phone = str(data.get("email") or "").strip(), str(data.get("phone") or "").strip()
    if not (email or phone):
        raise ApplicationError(_("Give an e-mail address or a mobile number."), status=400)
    try:
        files = tuple(
            InboundAttachment(
                name=str(f["name"])[:200], content_type=str(f["type"]), data=base64.b64decode(f["data"])
            )
            for f in data.get("files") or []
        )
    except (KeyError, TypeError, binascii.Error) as exc:
        raise ApplicationError(_("The attached file is damaged."), status=400) from exc
    problem, order = str(data.get("problem_type") or ""), str(data.get("order_number") or "")
    subject = " · ".join(
        p for p in (problem, _("order %(number)s") % {"number": order} if order else "") if p
    )
    return InboundMessage(
        channel="web_form",
        identity_kind="email" if email else "phone",
        address=email or phone,
        customer_name=str(data.get("name") or "")[:200],
        text=str(data.get("text") or ""),
        subject=subject or str(data.get("text") or "")[:80],
        external_id=str(data["external_id"]),
        thread_key=str(data["thread_key"]),
        meta={
            "inbox": headers.get("inbox"),
            "problem_type": problem,
            "order_number": order,
            "phone": phone,
            "email": email,
        },
        attachments=files,
    )
