"""Helpers for channels whose envelopes are JSON from Hamdel or an integrator (calls, mentions, visits)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError


def load_json(payload: str) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ApplicationError(_("The body is not valid JSON."), status=400) from exc
    if not isinstance(data, dict):
        raise ApplicationError(_("The body is not valid JSON."), status=400)
    return data


def parse_time(value: object) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ApplicationError(_("The time is not valid."), {"time": str(value)}, status=422) from exc
    if parsed.tzinfo is None:
        raise ApplicationError(_("The time needs a time zone, e.g. 2026-11-23T10:00:00+03:30."), status=422)
    return parsed
