"""Public pages, no login: answering a survey (invitation, link or card), thanks, and the ideas board.

Anyone on the internet reaches these, so each write is rate-limited per client address, tokens are
checked on every request, and an anonymous survey never stores who answered.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.core.errors import ApplicationError
from hamdel.core.http import HtmxRequest, same_site
from hamdel.feedback import selectors, services
from hamdel.feedback.answers import clean_answers, is_visible
from hamdel.feedback.models import Idea, IdeaStatus, Invitation, Location, Response, Source, Survey


def rate_limited(request: HttpRequest, bucket: str) -> bool:
    """True when this address has written too often this hour (a shared cache counts across processes)."""
    limit = getattr(settings, "HAMDEL_PUBLIC_RATE_PER_HOUR", 20) * 5  # a survey saves several times
    ip = request.META.get("REMOTE_ADDR", "")
    key = f"fb-rate:{bucket}:{ip}:{timezone.now():%Y%m%d%H}"
    count = cache.get_or_set(key, 0, 3600) or 0
    if count >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
    return False


def form_answers(survey: Survey, data: Any) -> dict[str, Any]:
    """Read `q-<key>` fields; multiple choice arrives as several values."""
    answers: dict[str, Any] = {}
    for q in survey.questions.all():
        name = f"q-{q.key}"
        if q.type == "multiple_choice":
            values = data.getlist(name)
            if values:
                answers[q.key] = values
        elif data.get(name, "") != "":
            answers[q.key] = data.get(name)
    return answers


def typed_answers(survey: Survey, posted: dict[str, Any]) -> dict[str, Any]:
    """Re-show what the customer chose after an error, with numbers as numbers so the radios stay checked."""
    typed: dict[str, Any] = {}
    for key, value in posted.items():
        try:
            typed[key] = clean_answers(survey=survey, answers={key: value}, partial=True).get(key, value)
        except ApplicationError:
            typed[key] = value
    return typed


FACES = ["😠", "🙁", "😐", "🙂", "😍"]


def question_rows(survey: Survey, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """What the template needs per question: saved value, scale, faces and the branching condition."""
    out = []
    for q in survey.questions.all():
        low, high = q.scale or (0, -1)
        out.append(
            {
                "q": q,
                "value": answers.get(q.key),
                "values": answers.get(q.key) if isinstance(answers.get(q.key), list) else [],
                "range": list(range(low, high + 1)),
                "faces": list(zip(range(low, high + 1), FACES, strict=False)),
                "show_json": json.dumps(q.show_if_value, ensure_ascii=False) if q.show_if_key else "",
                "visible": is_visible(q, answers),
            }
        )
    return out


def _session_response(request: HttpRequest, survey: Survey, slot: str) -> Response | None:
    """Partial answers of a link, card or anonymous survey are found again through the browser session."""
    pk = request.session.get(slot)
    if not pk:
        return None
    return Response.objects.filter(pk=pk, survey=survey, completed_at__isnull=True).first()


def _page(
    request: HtmxRequest,
    survey: Survey,
    *,
    slot: str,
    invitation: Invitation | None = None,
    location: Location | None = None,
    source: str = Source.LINK,
) -> HttpResponse:
    """Show the survey with saved answers; save partial answers (autosave) or complete them."""
    response = None
    if invitation is not None and not survey.anonymous:
        response = Response.objects.filter(invitation=invitation, completed_at__isnull=True).first()
    else:
        response = _session_response(request, survey, slot)
    answers = dict(response.answers) if response else {}
    error = ""
    status = 200
    if request.method == "POST":
        if rate_limited(request, "survey"):
            return HttpResponse(_("Too many answers from this address; please try again later."), status=429)
        complete = request.POST.get("action") != "save"
        posted = form_answers(survey, request.POST)
        try:
            saved = services.response_save(
                survey=survey,
                answers=posted,
                complete=complete,
                response=response,
                invitation=invitation,
                location=location,
                source=source,
                replace=True,
            )
        except ApplicationError as exc:
            error, status, answers = exc.message, 400, typed_answers(survey, posted)
            if request.htmx:
                not_saved = format_html('<span class="fb-save-error">{}</span>', _("Not saved"))
                return HttpResponse(not_saved, status=200)
        else:
            if complete:
                request.session.pop(slot, None)
                return redirect("feedback:thanks", key=survey.public_key)
            if invitation is None or survey.anonymous:
                request.session[slot] = saved.pk
            if request.htmx:
                return render(request, "feedback/public/survey.html#saved", {})
            answers = saved.answers
    context = {
        "survey": survey,
        "questions": question_rows(survey, answers),
        "error": error,
        "location": location,
        "action": request.get_full_path(),
    }
    return render(request, "feedback/public/survey.html", context, status=status)


def answer(request: HtmxRequest, token: str) -> HttpResponse:
    """The personal link in an invitation: works once, until it expires."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "feedback/public/closed.html", {"reason": "unknown"}, status=404)
    if invitation.answered:
        return render(request, "feedback/public/closed.html", {"reason": "used", "survey": invitation.survey})
    if invitation.expires_at <= timezone.now():
        return render(
            request,
            "feedback/public/closed.html",
            {"reason": "expired", "survey": invitation.survey},
            status=410,
        )
    if not invitation.survey.is_active:
        return render(request, "feedback/public/closed.html", {"reason": "closed"}, status=410)
    return _page(request, invitation.survey, slot=f"fb-inv-{invitation.pk}", invitation=invitation)


def link(request: HtmxRequest, key: str) -> HttpResponse:
    """The survey's public link or QR code: anyone may answer, once per browser session."""
    survey = get_object_or_404(Survey, public_key=key)
    if not survey.is_active:
        return render(request, "feedback/public/closed.html", {"reason": "closed"}, status=410)
    return _page(request, survey, slot=f"fb-link-{survey.pk}", source=Source.LINK)


def card_answer(request: HtmxRequest, key: str) -> HttpResponse:
    """The QR code on a branch's or counter's satisfaction card."""
    location = get_object_or_404(Location.objects.select_related("survey"), key=key)
    if not location.survey.is_active:
        return render(request, "feedback/public/closed.html", {"reason": "closed"}, status=410)
    return _page(
        request, location.survey, slot=f"fb-card-{location.pk}", location=location, source=Source.CARD
    )


def thanks(request: HttpRequest, key: str) -> HttpResponse:
    survey = get_object_or_404(Survey, public_key=key)
    return render(request, "feedback/public/thanks.html", {"survey": survey})


# --- ideas board --------------------------------------------------------------------------------------------


def _voter(request: HttpRequest) -> str:
    """One vote per browser: a random key in the session, never the address or any identity."""
    voter = request.session.get("fb-voter")
    if not voter:
        voter = request.session["fb-voter"] = secrets.token_hex(16)
    return voter


def ideas(request: HttpRequest) -> HttpResponse:
    """Everyone sees the ideas, votes, and the team's public answers; anyone may suggest one."""
    status = request.GET.get("status", "")
    order = request.GET.get("order", "top")
    error = ""
    form: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("title", "body", "author_name", "email")}
        if rate_limited(request, "idea"):
            error = _("Too many ideas from this address; please try again later.")
        else:
            try:
                idea = services.idea_submit(
                    voter=_voter(request),
                    title=form["title"],
                    body=form["body"],
                    author_name=form["author_name"],
                    email=form["email"],
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                return redirect("feedback:idea", pk=idea.pk)
    voter = _voter(request)
    items = list(selectors.ideas_public(status=status, order=order)[:100])
    voted = set(
        Idea.objects.filter(followers__voter=voter, pk__in=[i.pk for i in items]).values_list("pk", flat=True)
    )
    context = {
        "ideas": items,
        "voted": voted,
        "status": status,
        "order": order,
        "statuses": IdeaStatus.choices,
        "error": error,
        "form": form,
    }
    return render(request, "feedback/public/ideas.html", context, status=400 if error else 200)


def idea(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Idea, pk=pk)
    if item.merged_into_id:
        return redirect("feedback:idea", pk=item.merged_into_id)
    context = {
        "idea": item,
        "voted": selectors.idea_voted(idea=item, voter=_voter(request)),
        "comments": item.comments.select_related("staff"),
    }
    return render(request, "feedback/public/idea.html", context)


@require_POST
def idea_vote(request: HtmxRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Idea, pk=pk)
    if rate_limited(request, "vote"):
        return HttpResponse(_("Too many votes from this address; please try again later."), status=429)
    try:
        item = services.idea_vote(idea=item, voter=_voter(request), email=request.POST.get("email", ""))
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400)
    if request.htmx:
        return render(request, "feedback/public/ideas.html#vote", {"idea": item, "voted": {item.pk}})
    return redirect(same_site(request, request.POST.get("next", "")) or "feedback:ideas")


@require_POST
def idea_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Idea, pk=pk)
    if rate_limited(request, "comment"):
        return HttpResponse(_("Too many comments from this address; please try again later."), status=429)
    try:
        services.idea_comment(
            idea=item, text=request.POST.get("text", ""), author_name=request.POST.get("author_name", "")
        )
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400)
    return redirect("feedback:idea", pk=pk)
