"""The one write a person can ask of insights: recompute the facts and rollups from a date on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from hamdel.core.permissions import Perm, require
from hamdel.insights.facts import facts_rebuild
from hamdel.insights.rollups import reporting_zones, rollups_rebuild


@dataclass(frozen=True)
class Rebuilt:
    conversations: int
    days: int
    since: dt.date


def insights_rebuild(*, actor: Any, since: dt.date, rollups_only: bool = False) -> Rebuilt:
    """Rewrite the facts of everything that changed since `since` (unless `rollups_only`), then every day's
    rollups from there to today. Idempotent: running it twice gives the same rows."""
    require(actor, Perm.SETTINGS_MANAGE)
    zone = ZoneInfo(reporting_zones()[0])
    start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
    conversations = 0
    if not rollups_only:
        conversations, earliest = facts_rebuild(start)
        since = min(since, earliest.astimezone(zone).date())
    days = rollups_rebuild(since)
    return Rebuilt(conversations=conversations, days=days, since=since)
