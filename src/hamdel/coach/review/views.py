"""The team lead's coaching view: findings per team and per code over a period; per agent one click deeper;
the decisions as CSV for the coach's improvement. Thin: parse the period, call one selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hamdel.accounts.models import Team
from hamdel.coach.review import report
from hamdel.core.permissions import Perm, requires


def _period(request: HttpRequest) -> tuple[dt.datetime, dt.datetime, dict[str, Any]]:
    days, start, end = report.period(request.GET.get("days"))
    return start, end, {"days": days, "start": start, "end": end, "periods": report.PERIODS}


@requires(Perm.COACH_REPORT)
def coaching_report(request: HttpRequest) -> HttpResponse:
    start, end, context = _period(request)
    groups = report.coaching_by_team(actor=request.user, start=start, end=end)
    context.update(groups=groups, totals=report.code_totals(groups))
    return render(request, "coach/review/report.html", context)


@requires(Perm.COACH_REPORT)
def coaching_team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = Team.objects.filter(pk=team_id).first()
    if team_id != report.NO_TEAM and team is None:
        raise Http404
    start, end, context = _period(request)
    groups = report.coaching_by_agent(actor=request.user, team_id=team_id, start=start, end=end)
    context.update(team=team, team_id=team_id, groups=groups, totals=report.code_totals(groups))
    return render(request, "coach/review/team.html", context)


@requires(Perm.COACH_REPORT)
def coaching_export(request: HttpRequest) -> HttpResponse:
    days, start, end = report.period(request.GET.get("days"))
    body = report.coaching_csv(actor=request.user, start=start, end=end)
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coach-decisions-{days}d.csv"'
    return response
