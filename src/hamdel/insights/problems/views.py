"""Staff pages for recurring problems, the journey and loyalty. Thin: parse, call one selector or action,
render."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.exports import csv_writer
from hamdel.core.permissions import Perm, can, requires
from hamdel.insights.periods import Period, PeriodError, period_from_query
from hamdel.insights.problems import journey as journey_sel
from hamdel.insights.problems import loyalty as loyalty_sel
from hamdel.insights.problems import selectors, services, tasks
from hamdel.insights.problems.journey import NEGATIVE_EMOTIONS
from hamdel.insights.problems.models import JourneyStage
from hamdel.language.data import INTENTS

PERIODS = (1, 2, 4, 8, 12, 26)
PERIOD_KINDS = (
    ("week", _lazy("This week")),
    ("month", _lazy("This month")),
    ("last30", _lazy("Last 30 days")),
)


def _weeks(request: HttpRequest) -> int:
    try:
        weeks = int(request.GET.get("weeks", 4))
    except ValueError:
        weeks = 4
    return weeks if weeks in PERIODS else 4


def _period(request: HttpRequest) -> tuple[dt.datetime, dt.datetime, dict[str, Any]]:
    """The Jalali period of the insights filters (this month by default); a bad one falls back, said why."""
    try:
        period = period_from_query(request.GET)
    except PeriodError as exc:
        messages.error(request, exc.message)
        period = period_from_query({})
    start, end = period.bounds()
    query = "&".join(f"{k}={v}" for k, v in period.query().items())
    return (
        start,
        end,
        {
            "period": period,
            "start": start,
            "end": end,
            "period_query": query,
            **_period_menu(request, period),
        },
    )


def _period_menu(request: HttpRequest, period: Period) -> dict[str, Any]:
    """The period menu; a period opened from elsewhere (a season, a custom range from the overview) is
    offered as itself, so the menu never names another period than the one shown."""
    asked = request.GET.get("period", "month")
    shown = asked if asked in dict(PERIOD_KINDS) else period.kind  # "month" after a refused period
    if shown in dict(PERIOD_KINDS):
        return {"kinds": PERIOD_KINDS, "kind": shown, "period_extra": []}
    extra = [(k, v) for k, v in period.query().items() if k != "period"]
    return {"kinds": (*PERIOD_KINDS, ("custom", period.label)), "kind": "custom", "period_extra": extra}


@requires(Perm.REPORTS_VIEW)
def problem_list(request: HttpRequest) -> HttpResponse:
    weeks = _weeks(request)
    context: dict[str, Any] = {"weeks": weeks, "periods": PERIODS}
    rows = selectors.problems_ranked(actor=request.user, weeks=weeks)
    peak = max((max(r.weekly) for r in rows), default=0)
    context.update(rows=rows, peak=peak or 1, can_manage=can(request.user, Perm.PROBLEM_MANAGE))
    return render(request, "problems/list.html", context)


@requires(Perm.REPORTS_VIEW)
def problem_detail(request: HttpRequest, problem_id: int) -> HttpResponse:
    problem = selectors.problem_get(actor=request.user, problem_id=problem_id)
    context = {
        "problem": problem,
        "examples": selectors.problem_examples(problem.pk, limit=30),
        "can_manage": can(request.user, Perm.PROBLEM_MANAGE),
        "others": [(pk, title) for pk, title in selectors.problem_choices() if pk != problem.pk],
    }
    return render(request, "problems/detail.html", context)


@require_POST
@requires(Perm.PROBLEM_MANAGE)
def problem_act(request: HttpRequest, problem_id: int, verb: str) -> HttpResponse:
    """One form per change: name, merge, split, fixed, reopen."""
    target = problem_id
    try:
        if verb == "name":
            services.problem_name(
                actor=request.user, problem_id=problem_id, name=request.POST.get("name", "")
            )
        elif verb == "merge":
            into = int(request.POST.get("into_id") or 0)
            target = services.problem_merge(actor=request.user, problem_id=problem_id, into_id=into).pk
        elif verb == "split":
            services.problem_split(actor=request.user, problem_id=problem_id)
        elif verb in ("fixed", "reopen"):
            services.problem_mark_fixed(actor=request.user, problem_id=problem_id, fixed=verb == "fixed")
        else:
            return HttpResponse(status=404)
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, _done(verb))
    return redirect(reverse("problems:detail", args=[target]))


def _done(verb: str) -> str:
    return {
        "name": _("The name is saved."),
        "merge": _("The problems are merged."),
        "split": _("The problem is split in two."),
        "fixed": _("Marked as fixed: new matches will count as a regression."),
        "reopen": _("The problem is open again."),
    }[verb]


@requires(Perm.REPORTS_VIEW)
def journey(request: HttpRequest) -> HttpResponse:
    start, end, context = _period(request)
    stage, emotion = request.GET.get("stage", ""), request.GET.get("emotion", "")
    heat = journey_sel.journey_heatmap(
        actor=request.user, start=start, end=end, stage=stage, emotion=emotion, period=context["period"]
    )
    table = [
        {
            "key": s.key,
            "name": s.name,
            "total": heat.totals[s.key],
            "negative": heat.negative_share[s.key],
            "hot": s.key == heat.hot,
            "cells": [
                {"emotion": e, "count": heat.cells[s.key][e], "level": round(heat.share(s.key, e) * 10)}
                for e in heat.emotions
            ],
        }
        for s in heat.stages
    ]
    names = dict((s.key, s.name) for s in heat.stages)
    context.update(
        heat=heat,
        table=table,
        negative_emotions=NEGATIVE_EMOTIONS,
        stage=stage,
        emotion=emotion,
        stage_name=names.get(stage, ""),
        hot_name=names.get(heat.hot or "", ""),
        can_manage=can(request.user, Perm.PROBLEM_MANAGE),
        stages=JourneyStage.objects.all(),
    )
    return render(request, "problems/journey.html", context)


@requires(Perm.PROBLEM_MANAGE)
def journey_stage(request: HttpRequest, stage_id: int) -> HttpResponse:
    stage = JourneyStage.objects.filter(pk=stage_id).first()
    if stage is None:
        return HttpResponse(status=404)
    errors: dict[str, Any] = {}
    if request.method == "POST":
        try:
            services.journey_stage_update(
                actor=request.user,
                stage_id=stage_id,
                name=request.POST.get("name", ""),
                intents=request.POST.getlist("intents"),
                tags=request.POST.get("tags", "").replace("،", ",").split(","),
                channel_names=request.POST.getlist("channels"),
            )
        except ApplicationError as exc:
            errors = exc.extra
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The stage is saved."))
            return redirect("problems:journey")
    context = {"stage": stage, "intents": INTENTS, "channels": channels.choices(), "errors": errors}
    return render(request, "problems/stage.html", context)


LIST_LIMIT = loyalty_sel.LIST_LIMIT
POLL_SECONDS = 3  # how often a page waiting for its figures asks again


@requires(Perm.REPORTS_VIEW)
def loyalty(request: HttpRequest) -> HttpResponse:
    """The last snapshot of the period; while none (or only a stale one) exists, the page says the
    figures are being prepared and polls itself (htmx) until the worker has taken them."""
    start, end, context = _period(request)
    page = loyalty_sel.loyalty_snapshot(actor=request.user, start=start, end=end, limit=LIST_LIMIT)
    preparing = page is None or page.stale
    if preparing:
        tasks.loyalty_prepare(start=start, end=end, limit=LIST_LIMIT)
    context.update(
        preparing=preparing,
        poll_seconds=POLL_SECONDS,
        list_limit=LIST_LIMIT,
        snapshot_minutes=loyalty_sel.SNAPSHOT_SECONDS // 60,
    )
    if page is not None:
        context.update(
            rows=page.total,  # "no data" when nobody was active
            counts=page.counts,
            # the least loyal first, LIST_LIMIT per list: the full call list is the CSV
            satisfied_leaving=page.satisfied_leaving,
            unhappy_staying=page.unhappy_staying,
            at_risk=page.at_risk,
            computed_at=page.computed_at,
            has_snapshot=True,
        )
    return render(request, "problems/loyalty.html", context)


@requires(Perm.REPORTS_VIEW)
def loyalty_export(request: HttpRequest) -> HttpResponse:
    start, end, _context = _period(request)
    rows = loyalty_sel.loyalty_rows(
        actor=request.user, start=start, end=end, now=min(end, timezone.now()), leaving_only=True
    )
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["customer_id", "customer", "quadrant", "satisfaction", "loyalty", "reasons"])
    for r in rows:
        writer.writerow((r.customer_id, r.name, r.quadrant, r.satisfaction, r.loyalty, " | ".join(r.reasons)))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="customers-at-risk-{start:%Y%m%d}.csv"'
    return response
