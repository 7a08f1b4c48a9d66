"""The team lead's coaching view: findings per team and per code over a period; per agent one click deeper;
the decisions as CSV for the coach's improvement; the conversation panel where the agent says whose fault
it was. Thin: parse, call one selector or action, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hamdel.accounts.models import Team
from hamdel.coach.review import report, services
from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError, Forbidden
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


def conversation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any]:
    """The coach's panel beside a conversation: the agent's reading of whose fault it is and whether the
    request can be met (the coach cannot see these in the words), with what is derived as the default."""
    from hamdel.coach.review.models import ReplyContext
    from hamdel.coach.review.selectors import conversation_context

    chosen = ReplyContext.objects.filter(conversation=conversation).first()
    derived = conversation_context(conversation=conversation)
    possible = chosen.request_possible if chosen is not None else None
    faults = ReplyContext._meta.get_field("fault").choices or []
    return {
        "conv": conversation,
        "fault": chosen.fault if chosen is not None else "unknown",
        "guess": dict(faults).get(derived.fault) if derived.fault != "unknown" else None,
        "possible": "" if possible is None else ("yes" if possible else "no"),
        "faults": faults,
    }


@requires(Perm.CONVERSATION_REPLY)
@require_POST
def reply_context(request: HttpRequest, number: int) -> HttpResponse:
    """Store the panel's choice; the panel's script posts it in place (204) so the draft is not lost."""
    conversation = get_object_or_404(Conversation, number=number)
    possible = {"yes": True, "no": False, "": None}.get(request.POST.get("request_possible", ""), "bad")
    error = ""
    try:
        services.coach_context_set(
            actor=request.user,
            conversation=conversation,
            fault=request.POST.get("fault", "unknown"),
            request_possible=possible,
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        error = exc.message
    if request.headers.get("X-Hamdel-Fetch"):
        return HttpResponse(error, status=400) if error else HttpResponse(status=204)
    if error:
        messages.error(request, error)
    return redirect(reverse("conversations:conversation", kwargs={"number": number}) + "#coach-context")
