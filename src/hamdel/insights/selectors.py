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

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Tag
from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.core.persian import latin_digits
from hamdel.insights.metrics import COUNTERS, DURATIONS, LABEL_KINDS, Totals
from hamdel.insights.models import DurationRollup, LabelRollup, Rollup
from hamdel.insights.periods import Period, jalali_label
from hamdel.insights.rollups import (
    ANY_CHANNEL,
    ANY_ID,
    DAY,
    JOURNEY,
    MONTH,
    month_end,
    month_start,
    report_reads,
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


def _segments(period: Period) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
    """What covers the period: the whole Jalali months (read from their month rows) and the runs of other
    days (read from day rows) — a year is about twelve month rows and two short runs of days per cell."""
    months: list[dt.date] = []
    runs: list[tuple[dt.date, dt.date]] = []
    day = period.start
    while day <= period.end:
        first = month_start(day)
        last = month_end(first)
        if first == day and last <= period.end:
            months.append(first)
            day = last + dt.timedelta(days=1)
        else:
            stop = min(last, period.end)
            if runs and runs[-1][1] == day - dt.timedelta(days=1):
                runs[-1] = (runs[-1][0], stop)
            else:
                runs.append((day, stop))
            day = stop + dt.timedelta(days=1)
    return months, runs


def _values_of(by: str, value: Any) -> list[Any]:
    """The stored values of a breakdown's free dimension — every known one plus "none" — or the filter's
    own value, as an IN list: the cell index is then searched, never scanned for "everything but any"."""
    if value:
        return [value]
    if by == "channel":
        return ["", *channels.names()]
    model: Any = {"team_id": Team, "inbox_id": Inbox}[by]
    return [0, *model.objects.order_by("pk").values_list("pk", flat=True)]


def _read(
    model: type[Any],
    period: Period,
    filters: Filters,
    tz: str,
    keys: tuple[str, ...],
    sums: dict[str, str],
    by: str = "",
    **extra: Any,
) -> list[dict[str, Any]]:
    """The rows of one period × filter summed per `keys`: one grouped SELECT per segment (the month rows,
    each run of day rows), each an index search on the whole cell, run as one UNION ALL and added up here."""
    base = model.objects.filter(tz=tz, **filters.rows(by), **extra)
    if by:  # one row per value of `by` (the filter's own value, if it names one), not the "any" row
        base = base.filter(**{f"{by}__in": _values_of(by, getattr(filters, by))})
    months, runs = _segments(period)
    parts = [base.filter(hour=MONTH, day__in=months)] if months else []
    parts += [base.filter(hour=DAY, day__gte=a, day__lte=b) for a, b in runs]
    aggregates = {name: Sum(column) for name, column in sums.items()}
    queries = [q.values(*keys).annotate(**aggregates).order_by() for q in parts]
    if not queries:
        return []
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    with report_reads():
        fetched = list(rows)
    for row in fetched:
        key = tuple(row[k] for k in keys)
        into = merged.get(key)
        if into is None:
            merged[key] = {**row, **{n: int(row[n] or 0) for n in sums}}
        else:
            for n in sums:
                into[n] += int(row[n] or 0)
    return list(merged.values())


_COUNTER_SUMS = {c: c for c in COUNTERS}


def journey_counts(period: Period, tz: str | None = None) -> list[tuple[str, str, str, int]]:
    """(intent, emotion, channel, n) of the period's inbound analysed messages, from the journey rows of
    the label rollups (rollups.JOURNEY) — the heatmap's read when no stage is defined by tags."""
    tz = tz or reporting_zones()[0]
    rows = _read(
        LabelRollup, period, Filters(), tz, ("channel", "label"), {"n": "count"}, "channel", kind=JOURNEY
    )
    out = []
    for row in rows:
        intent, _bar, emotion = row["label"].rpartition("|")
        out.append((intent, emotion, row["channel"], row["n"]))
    return out


def totals(
    period: Period, filters: Filters = Filters(), tz: str | None = None, *, labels: bool = True
) -> Totals:
    """Everything the metrics need for one period × filter: three grouped reads of the rollups."""
    tz = tz or reporting_zones()[0]
    out = Totals()
    for row in _read(Rollup, period, filters, tz, ("tz",), _COUNTER_SUMS):  # tz is pinned: one row
        out.counters = {c: row[c] for c in COUNTERS}
    label_rows = _read(
        LabelRollup, period, filters, tz, ("kind", "label"), {"n": "count"}, kind__in=LABEL_KINDS
    )
    for row in label_rows if labels else []:
        out.labels.setdefault(row["kind"], {})[row["label"]] = row["n"]
    for row in _read(DurationRollup, period, filters, tz, ("metric", "bucket"), {"n": "count"}):
        out.durations.setdefault(row["metric"], {})[row["bucket"]] = row["n"]
    return out


def breakdown(period: Period, filters: Filters, by: str, tz: str | None = None) -> dict[Any, Totals]:
    """Totals per channel, team_id or inbox_id (counters and durations; labels are not split)."""
    tz = tz or reporting_zones()[0]
    out: dict[Any, Totals] = {}
    for row in _read(Rollup, period, filters, tz, (by,), _COUNTER_SUMS, by):
        out.setdefault(row[by], Totals()).counters = {c: row[c] for c in COUNTERS}
    for row in _read(DurationRollup, period, filters, tz, (by, "metric", "bucket"), {"n": "count"}, by):
        out.setdefault(row[by], Totals()).durations.setdefault(row["metric"], {})[row["bucket"]] = row["n"]
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
