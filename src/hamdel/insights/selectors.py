"""Reading the rollups for a period and a filter: totals, breakdowns and series, never raw messages.

A period is read as whole Jalali months (the month rows) plus the days around them (the day rows), so a
year costs about as much as a month. `fresh()` first recomputes the few days whose facts changed since the
last periodic refresh, so a page shows what was just sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Tag
from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.core.persian import latin_digits
from hamdel.insights.metrics import COUNTERS, DURATIONS, Totals
from hamdel.insights.models import DurationRollup, LabelRollup, Rollup
from hamdel.insights.periods import Period, jalali_label
from hamdel.insights.rollups import (
    ANY_CHANNEL,
    ANY_ID,
    DAY,
    MONTH,
    month_end,
    month_start,
    reporting_zones,
    rollups_flush,
)

FILTER_KEYS = ("channel", "team", "inbox", "tag")
READ_FLUSH_LIMIT = 31


class FilterError(ApplicationError):
    """An unknown filter or a filter value that names nothing."""


@dataclass(frozen=True)
class Filters:
    channel: str = ""
    team_id: int = 0
    inbox_id: int = 0
    tag_id: int = 0

    def rows(self, by: str = "") -> dict[str, Any]:
        """The rollup rows of this filter: each dimension pinned to its value or to "any" (the cube's
        `*` / -1; tag 0 = every conversation). `by` leaves one dimension free for a breakdown."""
        pinned: dict[str, Any] = {
            "tag_id": self.tag_id,
            "channel": self.channel or ANY_CHANNEL,
            "team_id": self.team_id or ANY_ID,
            "inbox_id": self.inbox_id or ANY_ID,
        }
        if by:
            pinned.pop(by)
        return pinned

    def query(self) -> dict[str, str]:
        out = {"channel": self.channel, "team": self.team_id, "inbox": self.inbox_id, "tag": self.tag_id}
        return {k: str(v) for k, v in out.items() if v}


def filters_parse(query: Mapping[str, Any], *, allowed: tuple[str, ...] = FILTER_KEYS) -> Filters:
    """Filters from a query string: each must name a known channel, team, inbox or tag (by id)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    channel = str(query.get("channel") or "").strip()
    if channel and "channel" in allowed:
        if channel not in channels.names():
            errors["channel"] = "unknown_channel"
        values["channel"] = channel
    for key, model in (("team", Team), ("inbox", Inbox), ("tag", Tag)):
        raw = latin_digits(str(query.get(key) or "")).strip()
        if not raw or key not in allowed:
            continue
        if not raw.isdigit() or not model.objects.filter(pk=int(raw)).exists():
            errors[key] = f"unknown_{key}"
            continue
        values[f"{key}_id"] = int(raw)
    if errors:
        raise FilterError(
            _("These filters name nothing Hamdel knows: %(names)s.") % {"names": "، ".join(errors)},
            errors,
            code="unknown_filter_value",
        )
    return Filters(**values)


def reject_unknown(query: Mapping[str, Any], known: tuple[str, ...]) -> None:
    """An API call with a query parameter it does not take is refused, not silently ignored."""
    unknown = sorted(k for k in query if k not in known)
    if unknown:
        raise FilterError(
            _("Unknown filter: %(names)s (known: %(known)s).")
            % {"names": "، ".join(unknown), "known": ", ".join(known)},
            dict.fromkeys(unknown, "unknown_filter"),
            code="unknown_filter",
        )


def fresh() -> None:
    """Recompute the days marked dirty since the last periodic refresh (bounded: a backlog is the task's)."""
    rollups_flush(limit=READ_FLUSH_LIMIT)


def _segments(period: Period) -> Q:
    """Rows covering the period: whole Jalali months from the month rows, the other days from day rows."""
    q = Q(pk__in=[])
    day = period.start
    while day <= period.end:
        first = month_start(day)
        last = month_end(first)
        if first == day and last <= period.end:
            q |= Q(hour=MONTH, day=first)
            day = last + dt.timedelta(days=1)
        else:
            stop = min(last, period.end)
            q |= Q(hour=DAY, day__gte=day, day__lte=stop)
            day = stop + dt.timedelta(days=1)
    return q


def _rows(model: type[Any], period: Period, filters: Filters, tz: str, by: str = "") -> QuerySet[Any]:
    rows = model.objects.filter(tz=tz, **filters.rows(by)).filter(_segments(period))
    if by:  # one row per value of `by` (the filter's own value, if it names one), not the "any" row
        value = getattr(filters, by)
        rows = (
            rows.filter(**{by: value})
            if value
            else rows.exclude(**{by: ANY_CHANNEL if by == "channel" else ANY_ID})
        )
    return rows


def totals(
    period: Period, filters: Filters = Filters(), tz: str | None = None, *, labels: bool = True
) -> Totals:
    """Everything the metrics need for one period × filter: three grouped queries on the rollups."""
    tz = tz or reporting_zones()[0]
    out = Totals()
    sums = _rows(Rollup, period, filters, tz).aggregate(**{c: Sum(c) for c in COUNTERS})
    out.counters = {c: int(sums[c] or 0) for c in COUNTERS}
    for row in (
        _rows(LabelRollup, period, filters, tz).values("kind", "label").annotate(n=Sum("count"))
        if labels
        else []
    ):
        out.labels.setdefault(row["kind"], {})[row["label"]] = int(row["n"])
    for row in _rows(DurationRollup, period, filters, tz).values("metric", "bucket").annotate(n=Sum("count")):
        out.durations.setdefault(row["metric"], {})[row["bucket"]] = int(row["n"])
    return out


def breakdown(period: Period, filters: Filters, by: str, tz: str | None = None) -> dict[Any, Totals]:
    """Totals per channel, team_id or inbox_id (counters and durations; labels are not split)."""
    tz = tz or reporting_zones()[0]
    out: dict[Any, Totals] = {}
    for row in _rows(Rollup, period, filters, tz, by).values(by).annotate(**{c: Sum(c) for c in COUNTERS}):
        out.setdefault(row[by], Totals()).counters = {c: int(row[c] or 0) for c in COUNTERS}
    for row in (
        _rows(DurationRollup, period, filters, tz, by).values(by, "metric", "bucket").annotate(n=Sum("count"))
    ):
        out.setdefault(row[by], Totals()).durations.setdefault(row["metric"], {})[row["bucket"]] = int(
            row["n"]
        )
    return out


@dataclass(frozen=True)
class Series:
    """A chart's x axis and, per counter and per label, one value per point."""

    labels: list[str]
    counters: dict[str, list[int]]
    sentiment: dict[str, list[int]]


def series(period: Period, filters: Filters, tz: str | None = None) -> Series:
    """By hour for one day, by day up to 92 days, by Jalali month beyond."""
    tz = tz or reporting_zones()[0]
    base = {"tz": tz, **filters.rows()}
    if period.days == 1:
        points: list[Any] = list(range(24))
        where = Q(hour__gte=0, day=period.start)
        key = "hour"
        names = [f"{h:02d}:00" for h in points]
    elif period.days <= 92:
        points = [period.start + dt.timedelta(days=i) for i in range(period.days)]
        where = Q(hour=DAY, day__gte=period.start, day__lte=period.end)
        key = "day"
        names = [jalali_label(d) for d in points]
    else:
        points, day = [], month_start(period.start)
        while day <= period.end:
            points.append(day)
            day = month_end(day) + dt.timedelta(days=1)
        where = Q(hour=MONTH, day__gte=points[0], day__lte=period.end)
        key = "day"
        names = [jalali_label(d).split(" ", 1)[1] for d in points]
    index = {p: i for i, p in enumerate(points)}
    wanted = ("messages_in", "conversations", "resolved", "csat_n", "csat_top2")
    counters = {c: [0] * len(points) for c in wanted}
    for row in (
        Rollup.objects.filter(**base).filter(where).values(key).annotate(**{c: Sum(c) for c in wanted})
    ):
        i = index.get(row[key])
        if i is not None:
            for c in wanted:
                counters[c][i] = int(row[c] or 0)
    sentiment: dict[str, list[int]] = {}
    for row in (
        LabelRollup.objects.filter(**base, kind="sentiment")
        .filter(where)
        .values(key, "label")
        .annotate(n=Sum("count"))
    ):
        i = index.get(row[key])
        if i is not None:
            sentiment.setdefault(row["label"], [0] * len(points))[i] = int(row["n"])
    return Series(labels=names, counters=counters, sentiment=sentiment)


def insights_allowed(actor: Any) -> None:
    """The reports are for supervisors and admins (reports.view); agents see their own work elsewhere."""
    require(actor, Perm.REPORTS_VIEW)


__all__ = [
    "DURATIONS",
    "FILTER_KEYS",
    "FilterError",
    "Filters",
    "Series",
    "breakdown",
    "filters_parse",
    "fresh",
    "insights_allowed",
    "reject_unknown",
    "series",
    "totals",
]
