"""Insights API: the summary of a period, read from the rollups (supervisors' and admins' keys)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from hamdel.insights import report, selectors
from hamdel.insights.periods import period_parse_range

router = Router(tags=["insights"])

SUMMARY_PARAMS = ("from", "to", "channel", "team")


@router.get(
    "/insights/summary",
    summary="Figures of a period: volume, response and resolution times, FCR, CSAT, CES, NPS, sentiment",
    description=(
        "`from` and `to` are local dates (Asia/Tehran) YYYY-MM-DD, both included, at most 366 days apart;"
        " messages are dated by the `sent_at` they were sent with. Optional filters: `channel` (a channel"
        " name) and `team` (a team id). Times are in calendar minutes (the median and 90th percentile of"
        " the conversations first answered, or resolved, in the period); `fcr_rate` and `csat` are"
        " percentages, `ces` a mean of 1–7, `nps` −100…100; a figure with no data is null."
    ),
)
def summary(request: HttpRequest) -> dict[str, Any]:
    selectors.insights_allowed(request.user)
    selectors.reject_unknown(request.GET, SUMMARY_PARAMS)
    period = period_parse_range(request.GET.get("from", ""), request.GET.get("to", ""))
    filters = selectors.filters_parse(request.GET, allowed=("channel", "team"))
    selectors.fresh()
    return report.summary(period, filters)
