"""Follow-up calls: today's list, and the call screen with its script and the survey to fill in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, requires
from hamdel.core.persian import fa_digits, latin_digits
from hamdel.feedback import selectors, services
from hamdel.feedback.models import CallStatus, FollowUpCall, Survey
from hamdel.feedback.views._common import form_error
from hamdel.feedback.views.public import form_answers, question_rows, typed_answers


@requires(Perm.CUSTOMER_VIEW)
def calls(request: HttpRequest) -> HttpResponse:
    """Today's call list; a team lead builds it from deliveries or resolutions N days ago."""
    if request.method == "POST":
        survey = Survey.objects.filter(pk=form_id(request.POST.get("survey")) or 0).first()
        try:
            if survey is None:
                raise ApplicationError(_("Choose the survey the call follows."), code="survey_required")
            days = int(latin_digits(request.POST.get("days", "7") or "7"))
            added = services.call_list_build(
                actor=request.user, survey=survey, days=days, basis=request.POST.get("basis", "order")
            )
        except ValueError:
            messages.error(request, _("Days must be a whole number."))
        except ApplicationError as exc:
            messages.error(request, form_error(exc))
        else:
            messages.success(
                request, _("%(count)s customers added to the call list.") % {"count": fa_digits(added)}
            )
        return redirect("feedback:calls")
    context = {
        "due": FollowUpCall.objects.filter(selectors.calls_due()).select_related(
            "customer", "survey", "order"
        ),
        "done": FollowUpCall.objects.exclude(status=CallStatus.TO_CALL)
        .select_related("customer", "agent", "response")
        .order_by("-called_at")[:30],
        "surveys": Survey.objects.filter(is_active=True),
        "can_manage": can(request.user, Perm.SURVEY_MANAGE),
    }
    return render(request, "feedback/calls.html", context)


@requires(Perm.CUSTOMER_VIEW)
def call(request: HttpRequest, pk: int) -> HttpResponse:
    """The call screen: a short script that says not to sell, and the survey to fill in while talking."""
    item = get_object_or_404(
        FollowUpCall.objects.select_related("customer", "survey", "order", "conversation"), pk=pk
    )
    answers: dict[str, Any] = {}
    error = ""
    if request.method == "POST":
        answers = form_answers(item.survey, request.POST)
        try:
            services.call_record(
                actor=request.user,
                call=item,
                status=request.POST.get("status", ""),
                answers=answers,
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            error = form_error(exc)
            answers = typed_answers(item.survey, answers)
        else:
            messages.success(request, _("The call is recorded."))
            return redirect("feedback:calls")
    context = {
        "call": item,
        "questions": question_rows(item.survey, answers),
        "statuses": [c for c in CallStatus.choices if c[0] != CallStatus.TO_CALL],
        "error": error,
        "survey": item.survey,
    }
    return render(request, "feedback/call.html", context, status=400 if error else 200)
