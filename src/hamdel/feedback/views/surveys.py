"""The surveys' staff pages: the overview, results, export and QR code, inviting one customer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, requires
from hamdel.core.persian import latin_digits
from hamdel.feedback import selectors, services
from hamdel.feedback.links import survey_link
from hamdel.feedback.models import FollowUpCall, Idea, IdeaStatus, Survey
from hamdel.feedback.qr import qr_svg
from hamdel.feedback.views._common import form_error, qr_download


@requires(Perm.CUSTOMER_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    surveys = [(s, selectors.survey_summary(survey=s)) for s in selectors.survey_list()]
    context = {
        "surveys": surveys,
        "calls_due": FollowUpCall.objects.filter(selectors.calls_due()).count(),
        "new_ideas": Idea.objects.filter(status=IdeaStatus.NEW, merged_into__isnull=True).count(),
        "can_manage": can(request.user, Perm.SURVEY_MANAGE),
    }
    return render(request, "feedback/home.html", context)


@requires(Perm.CUSTOMER_VIEW)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    link = survey_link(survey)
    context = {
        "survey": survey,
        "summary": selectors.survey_summary(survey=survey),
        "trend": selectors.survey_trend(survey=survey),
        "comments": selectors.survey_comments(survey=survey, limit=50),
        # an anonymous survey never lists single responses: their order and time could point at someone
        "recent": survey.responses.none()
        if survey.anonymous
        else survey.responses.filter(completed_at__isnull=False)
        .select_related("customer", "conversation", "recovery_conversation", "location")
        .order_by("-completed_at")[:20],
        "invitations": survey.invitations.select_related("customer", "conversation")[:20],
        "link": link,
        "qr": qr_svg(link),
        "can_manage": can(request.user, Perm.SURVEY_MANAGE),
        "can_export": can(request.user, Perm.REPORTS_VIEW),
    }
    return render(request, "feedback/results.html", context)


@requires(Perm.REPORTS_VIEW)
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    response = HttpResponse(
        "\ufeff" + services.survey_export(actor=request.user, survey=survey),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.csv"'
    return response


@requires(Perm.CUSTOMER_VIEW)
def survey_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    return qr_download(survey_link(survey), fmt, f"survey-{pk}")


@requires(Perm.SURVEY_SEND)
@require_POST
def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the customer of a conversation (by number) through that conversation's channel."""
    survey = get_object_or_404(Survey, pk=pk)
    number = latin_digits(request.POST.get("conversation", "").strip().lstrip("#"))
    conversation = Conversation.objects.filter(number=form_id(number) or 0).first()
    if conversation is None:
        messages.error(request, _("There is no conversation with that number."))
        return redirect("feedback:results", pk=pk)
    try:
        invitation = services.survey_invite(actor=request.user, survey=survey, conversation=conversation)
    except ApplicationError as exc:
        messages.error(request, form_error(exc))
    else:
        messages.success(
            request,
            _("The invitation is on its way (%(status)s).") % {"status": invitation.get_status_display()},
        )
    return redirect("feedback:results", pk=pk)
