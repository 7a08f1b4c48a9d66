"""Insights pages (supervisors and admins): parse the period and filters, read the metric layer, render.

Bad filters do not raise a 500 or a bare error page: the page renders with the message and empty charts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.accounts.models import Team
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Tag
from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires
from hamdel.core.persian import fa_digits
from hamdel.insights import agents, exports, report, selectors
from hamdel.insights.metrics import Totals
from hamdel.insights.periods import SEASONS, Period, local_today, period_from_query
from hamdel.insights.selectors import Filters

PERIOD_CHOICES = (
    ("today", gettext_lazy("Today")),
    ("week", gettext_lazy("This week")),
    ("month", gettext_lazy("This month")),
    ("last30", gettext_lazy("Last 30 days")),
    ("jmonth", gettext_lazy("A Jalali month (choose below)")),
    ("season", gettext_lazy("A season (choose below)")),
    ("custom", gettext_lazy("Custom (from – to)")),
)


def _choices(query: Any) -> dict[str, Any]:
    """The filter bar's options: periods, the last 12 Jalali months and 4 seasons, teams, channels…"""
    today = jdatetime.date.fromgregorian(date=local_today())
    months, seasons = [], []
    year, month = today.year, today.month
    for _i in range(12):
        months.append((f"{year}-{month:02d}", fa_digits(f"{jdatetime.date.j_months_fa[month - 1]} {year}")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    year, season = today.year, (today.month - 1) // 3 + 1
    for _i in range(4):
        seasons.append((f"{year}-{season}", fa_digits(f"{SEASONS[season - 1]} {year}")))
        year, season = (year, season - 1) if season > 1 else (year - 1, 4)
    return {
        "periods": list(PERIOD_CHOICES),
        "months": months,
        "seasons": seasons,
        "teams": list(Team.objects.order_by("name").values_list("id", "name")),
        "channels": [(name, label) for name, label in channels.choices()],
        "inboxes": list(Inbox.objects.order_by("name").values_list("id", "name")),
        "tags": list(Tag.objects.order_by("name").values_list("id", "name")),
        "q": {
            k: query.get(k, "") for k in ("period", "jmonth", "season", "from", "to", *selectors.FILTER_KEYS)
        },
    }


def _parse(request: HttpRequest) -> tuple[Period | None, Filters, str]:
    """The period and filters of the query string, or the Persian message that says what is wrong."""
    try:
        period = period_from_query(request.GET)
        filters = selectors.filters_parse(request.GET)
    except ApplicationError as exc:
        return None, Filters(), exc.message
    selectors.fresh()
    return period, filters, ""


def _page(request: HttpRequest, template: str, view: str, build: Any) -> HttpResponse:
    period, filters, error = _parse(request)
    context: dict[str, Any] = {"filters_form": _choices(request.GET), "view": view, "error": error}
    if period is not None:
        context |= {"period": period, "previous": period.previous(), "filters": filters}
        context |= build(period, filters)
        context["export_query"] = {**period.query(), **filters.query(), "view": view}
    return render(request, template, context, status=400 if error else 200)


def _series(period: Period, filters: Filters) -> dict[str, Any]:
    s = selectors.series(period, filters)
    return {
        "labels": s.labels,
        "volume": s.counters["messages_in"],
        "conversations": s.counters["conversations"],
        "csat": [
            round(100 * t / n, 1) if n else None
            for t, n in zip(s.counters["csat_top2"], s.counters["csat_n"], strict=True)
        ],
        "sentiment": {k: s.sentiment.get(k, [0] * len(s.labels)) for k in report.SENTIMENTS},
        "sentiment_names": report.label_names("sentiment"),
    }


def _mix(t: Totals, kind: str, names: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    counts = t.labels.get(kind, {})
    total = sum(counts.values())
    keys = names or tuple(sorted(counts, key=lambda k: -counts[k]))
    readable = report.label_names(kind)
    return [
        {
            "key": k,
            "label": readable.get(k, k),
            "count": counts.get(k, 0),
            "share": round(100 * counts.get(k, 0) / total) if total else 0,
        }
        for k in keys
        if names or counts.get(k)
    ]


@requires(Perm.REPORTS_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    def build(period: Period, filters: Filters) -> dict[str, Any]:
        now, before = (
            selectors.totals(period, filters),
            selectors.totals(period.previous(), filters, labels=False),
        )
        return {
            "cards": report.cards(now, before),
            "empty": now.empty,
            "chart": _series(period, filters),
            "sentiment": _mix(now, "sentiment", report.SENTIMENTS),
            "emotions": _mix(now, "emotion"),
            "intents": _mix(now, "intent")[:10],
            "by_channel": report.table(period, filters, "channel"),
            "columns": report.columns(),
        }

    return _page(request, "insights/overview.html", "overview", build)


@requires(Perm.REPORTS_VIEW)
def teams(request: HttpRequest) -> HttpResponse:
    def build(period: Period, filters: Filters) -> dict[str, Any]:
        now = selectors.totals(period, filters)
        return {
            "empty": now.empty,
            "rows": report.table(period, filters, "team_id"),
            "columns": report.columns(),
            "agents": agents.agent_rows(period, filters) if filters.team_id else None,
        }

    return _page(request, "insights/teams.html", "teams", build)


@requires(Perm.REPORTS_VIEW)
def channels_page(request: HttpRequest) -> HttpResponse:
    def build(period: Period, filters: Filters) -> dict[str, Any]:
        now = selectors.totals(period, filters)
        return {
            "empty": now.empty,
            "rows": report.table(period, filters, "channel"),
            "inbox_rows": report.table(period, filters, "inbox_id"),
            "columns": report.columns(),
        }

    return _page(request, "insights/channels.html", "channels", build)


@requires(Perm.REPORTS_VIEW)
def surveys(request: HttpRequest) -> HttpResponse:
    def build(period: Period, filters: Filters) -> dict[str, Any]:
        now, before = (
            selectors.totals(period, filters),
            selectors.totals(period.previous(), filters, labels=False),
        )
        keys = ("csat", "csat_mean", "ces", "nps")
        return {
            "cards": report.cards(now, before, keys),
            "empty": not (now["csat_n"] or now["ces_n"] or now["nps_n"]),
            "chart": _series(period, filters),
            "rows": report.table(period, filters, "channel", report.SURVEY_TABLE),
            "team_rows": report.table(period, filters, "team_id", report.SURVEY_TABLE),
            "columns": report.columns(report.SURVEY_TABLE),
        }

    return _page(request, "insights/surveys.html", "surveys", build)


@requires(Perm.REPORTS_VIEW)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The table of a page (and the series by day) as CSV or XLSX, dates in the Jalali calendar."""
    period, filters, error = _parse(request)
    if fmt not in ("csv", "xlsx") or period is None:
        message = error or _("Export as csv or xlsx.")
        return render(request, "insights/error.html", {"error": message}, status=400 if error else 404)
    view = request.GET.get("view", "overview")
    return exports.export_response(fmt, view, period, filters, stamp=dt.datetime.now(dt.UTC))
