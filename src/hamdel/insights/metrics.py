"""The metric layer: each metric defined once — name, Persian label, unit, formula, the events it reads —
and computed from one `Totals` (the summed rollups of a period and filter). The cards, tables, charts, the
API and the exports all call `value()`/`values()`, so the same number appears everywhere. docs/metrics.md
describes the same definitions for people.

Durations are kept as histograms over `BUCKETS`, about 85 roughly log-spaced lower bounds in whole minutes
(`bucket_of`): every minute up to 10, then steps of at most about 20 % (12, 14 … 30, 35 … 60, 70, 80, 90, 105,
120 … 8 h, 10 h, 12 h … a day, then 1¼, 1½ … days up to a year). Few buckets keep the rollups small, so a
year is read in milliseconds. A percentile is the nearest-rank value (the smallest bucket with at least p% of
the values at or below it), reported as the bucket's lower bound: a 64-minute median shows as 60.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

__all__ = [
    "BUCKETS",
    "COUNTERS",
    "DURATIONS",
    "METRICS",
    "Metric",
    "Totals",
    "bucket_of",
    "percentile",
    "value",
    "values",
]

# The counters of a Rollup row (models.Rollup), summed over a period.
COUNTERS = (
    "messages_in",
    "messages_out",
    "conversations",
    "first_responses",
    "resolved",
    "fcr",
    "reopened",
    "sla_n",
    "sla_met",
    "csat_n",
    "csat_top2",
    "csat_sum",
    "ces_n",
    "ces_sum",
    "nps_n",
    "nps_promoters",
    "nps_detractors",
    "promises_kept",
    "promises_broken",
    "bot_deflected",
)
# The histograms of DurationRollup: calendar and business minutes of first response and resolution.
DURATIONS = ("first_response", "first_response_business", "resolution", "resolution_business")
LABEL_KINDS = ("sentiment", "emotion", "intent")


_DAY = 1440
# The lower bounds of the duration buckets in minutes (rollups.py writes the same list as a SQL CASE).
BUCKETS: tuple[int, ...] = (
    *range(11),  # 0–10 minutes, one by one
    *(12, 14, 16, 18, 20, 23, 26, 30, 35, 40, 45, 50, 55, 60, 70, 80, 90, 105, 120, 135, 150, 165, 180),
    *(210, 240, 270, 300, 360, 420, 480, 540, 600, 720, 840, 960, 1080, 1200, 1320),
    *(round(d * _DAY) for d in (1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 9, 10, 12, 14, 17, 20)),
    *(d * _DAY for d in (24, 28, 30, 35, 40, 45, 50, 60, 70, 80, 90, 105, 120, 150, 180, 240, 300, 365)),
)


def bucket_of(minutes: float) -> int:
    """The histogram bucket (its lower bound in whole minutes) a duration falls in."""
    m = max(0, math.floor(minutes))
    return BUCKETS[bisect_right(BUCKETS, m) - 1]


def percentile(histogram: Mapping[int, int], p: float) -> float | None:
    """Nearest-rank percentile of a {bucket: count} histogram; None when it is empty."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    rank = max(1, math.ceil(p / 100 * total))
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return float(bucket)
    return float(max(histogram))  # pragma: no cover - the loop always reaches the rank


@dataclass
class Totals:
    """What one period × filter adds up to: the counters, the duration histograms, the label counts."""

    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    durations: dict[str, dict[int, int]] = field(default_factory=lambda: {d: {} for d in DURATIONS})
    labels: dict[str, dict[str, int]] = field(default_factory=lambda: {k: {} for k in LABEL_KINDS})

    def __getitem__(self, key: str) -> int:
        return self.counters.get(key, 0)

    @property
    def empty(self) -> bool:
        return not any(self.counters.values())


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _mean(total: int, n: int) -> float | None:
    return round(total / n, 2) if n else None


def _nps(t: Totals) -> float | None:
    n = t["nps_n"]
    return round(100 * (t["nps_promoters"] - t["nps_detractors"]) / n, 1) if n else None


def _pct(metric: str, p: float) -> Callable[[Totals], float | None]:
    return lambda t: percentile(t.durations.get(metric, {}), p)


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any  # Persian by gettext
    unit: str  # count | minutes | percent | score
    formula: Any
    reads: tuple[str, ...]  # the typed events (or slots) its facts come from
    compute: Callable[[Totals], float | int | None]
    count: Callable[[Totals], int] = lambda t: 0  # the number of answers / cases behind it
    better: str = "higher"  # higher | lower: which way is good, for the comparison arrows


_MSG = ("message_created",)
_CONV = ("message_created", "conversation_updated", "conversation_resolved")

METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "messages_in",
            _("Customer messages"),
            "count",
            _("Inbound messages dated by when the customer sent them (sent_at)."),
            _MSG,
            lambda t: t["messages_in"],
            lambda t: t["messages_in"],
        ),
        Metric(
            "conversations",
            _("New conversations"),
            "count",
            _("Conversations whose first customer message falls in the period."),
            _CONV,
            lambda t: t["conversations"],
            lambda t: t["conversations"],
        ),
        Metric(
            "first_response_p50",
            _("First response (median)"),
            "minutes",
            _("Median of the calendar minutes from the first customer message to the first agent reply."),
            _CONV,
            _pct("first_response", 50),
            lambda t: t["first_responses"],
            "lower",
        ),
        Metric(
            "first_response_p90",
            _("First response (90th percentile)"),
            "minutes",
            _("90th percentile of the calendar minutes to the first agent reply."),
            _CONV,
            _pct("first_response", 90),
            lambda t: t["first_responses"],
            "lower",
        ),
        Metric(
            "first_response_business_p50",
            _("First response in business hours (median)"),
            "minutes",
            _("Median of the business minutes (the business calendar) to the first agent reply."),
            _CONV,
            _pct("first_response_business", 50),
            lambda t: t["first_responses"],
            "lower",
        ),
        Metric(
            "first_response_business_p90",
            _("First response in business hours (90th percentile)"),
            "minutes",
            _("90th percentile of the business minutes to the first agent reply."),
            _CONV,
            _pct("first_response_business", 90),
            lambda t: t["first_responses"],
            "lower",
        ),
        Metric(
            "resolution_p50",
            _("Resolution time (median)"),
            "minutes",
            _("Median of the calendar minutes from the first customer message to resolution."),
            _CONV,
            _pct("resolution", 50),
            lambda t: t["resolved"],
            "lower",
        ),
        Metric(
            "resolution_p90",
            _("Resolution time (90th percentile)"),
            "minutes",
            _("90th percentile of the calendar minutes to resolution."),
            _CONV,
            _pct("resolution", 90),
            lambda t: t["resolved"],
            "lower",
        ),
        Metric(
            "resolution_business_p50",
            _("Resolution in business hours (median)"),
            "minutes",
            _("Median of the business minutes to resolution."),
            _CONV,
            _pct("resolution_business", 50),
            lambda t: t["resolved"],
            "lower",
        ),
        Metric(
            "resolution_business_p90",
            _("Resolution in business hours (90th percentile)"),
            "minutes",
            _("90th percentile of the business minutes to resolution."),
            _CONV,
            _pct("resolution_business", 90),
            lambda t: t["resolved"],
            "lower",
        ),
        Metric(
            "fcr_rate",
            _("First-contact resolution"),
            "percent",
            _("Share of the conversations resolved in the period with one agent reply and no reopening."),
            _CONV,
            lambda t: _ratio(t["fcr"], t["resolved"]),
            lambda t: t["resolved"],
        ),
        Metric(
            "reopen_rate",
            _("Reopen rate"),
            "percent",
            _("Share of the conversations resolved in the period that had been reopened at least once."),
            _CONV,
            lambda t: _ratio(t["reopened"], t["resolved"]),
            lambda t: t["resolved"],
            "lower",
        ),
        Metric(
            "sla_compliance",
            _("SLA compliance"),
            "percent",
            _(
                "Share of the conversations resolved in the period under an SLA with no target breached "
                "(conversations without an SLA are not counted)."
            ),
            ("conversation_updated", "sla_breached"),
            lambda t: _ratio(t["sla_met"], t["sla_n"]),
            lambda t: t["sla_n"],
        ),
        Metric(
            "csat",
            _("CSAT"),
            "percent",
            _("Share of 4 and 5 answers on the 1–5 satisfaction question (top-two-box)."),
            ("feedback_response_completed",),
            lambda t: _ratio(t["csat_top2"], t["csat_n"]),
            lambda t: t["csat_n"],
        ),
        Metric(
            "csat_mean",
            _("CSAT mean"),
            "score",
            _("Mean of the 1–5 satisfaction answers."),
            ("feedback_response_completed",),
            lambda t: _mean(t["csat_sum"], t["csat_n"]),
            lambda t: t["csat_n"],
        ),
        Metric(
            "ces",
            _("CES"),
            "score",
            _("Mean of the 1–7 effort answers («the company made it easy to handle my issue»)."),
            ("feedback_response_completed",),
            lambda t: _mean(t["ces_sum"], t["ces_n"]),
            lambda t: t["ces_n"],
        ),
        Metric(
            "nps",
            _("NPS"),
            "score",
            _("Promoters (9–10) minus detractors (0–6), in percent of the 0–10 answers."),
            ("feedback_response_completed",),
            _nps,
            lambda t: t["nps_n"],
        ),
        Metric(
            "promises_kept",
            _("Promises kept"),
            "count",
            _("Promises to customers marked kept in the period."),
            ("conversation_updated",),
            lambda t: t["promises_kept"],
            lambda t: t["promises_kept"],
        ),
        Metric(
            "promises_broken",
            _("Promises broken"),
            "count",
            _("Promises to customers that passed their time unkept in the period."),
            ("conversation_updated",),
            lambda t: t["promises_broken"],
            lambda t: t["promises_broken"],
            "lower",
        ),
        Metric(
            "bot_deflection",
            _("Bot deflection"),
            "percent",
            _("Share of new conversations the bot closed without an agent (when the bot reports them)."),
            ("bot_deflected",),
            lambda t: _ratio(t["bot_deflected"], t["conversations"]) if t["bot_deflected"] else None,
            lambda t: t["bot_deflected"],
        ),
    )
}


def value(key: str, totals: Totals) -> float | int | None:
    """One metric of one period; None when there is nothing to measure (no answers, no resolutions)."""
    return METRICS[key].compute(totals)


def values(totals: Totals, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    return {k: value(k, totals) for k in (keys or tuple(METRICS))}


def sentiment_mix(totals: Totals) -> dict[str, int]:
    """Inbound messages per sentiment label (very_negative … very_positive) in the period."""
    return dict(sorted(totals.labels.get("sentiment", {}).items()))
