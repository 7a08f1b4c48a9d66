"""The team lead's pages: surveys (builder, results, invitations), cards, calls, ideas, listening posts.

Staff only (login); changing surveys, idea decisions and merges need a supervisor. Views parse the form,
call one service, and render.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import jdatetime
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.core.persian import TEHRAN, fa_digits, latin_digits
from hamdel.customers.models import Customer
from hamdel.feedback import selectors, services
from hamdel.feedback.models import (
    Audit,
    AuditTemplate,
    CallStatus,
    FocusGroup,
    FollowUpCall,
    Idea,
    IdeaStatus,
    ItemSource,
    Location,
    QuestionType,
    Survey,
    Trigger,
)
from hamdel.feedback.public import _questions, form_answers, typed_answers
from hamdel.feedback.qr import qr_png, qr_svg
from hamdel.feedback.services.listening import parse_checks
from hamdel.feedback.services.surveys import calls_due, survey_url


def supervisor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_supervisor:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def parse_jalali(value: str) -> dt.datetime:
    """Accept «۱۴۰۴/۰۵/۱۲» (Jalali, Persian or Latin digits) or an ISO date; noon in Tehran."""
    value = latin_digits(value.strip()).replace("-", "/")
    if not value:
        return timezone.now()
    try:
        y, m, d = (int(p) for p in value.split("/"))
        day = jdatetime.date(y, m, d).togregorian() if y < 1700 else dt.date(y, m, d)
    except (ValueError, TypeError):
        raise ApplicationError(_("Write the date as 1404/05/12."), {"date": value}) from None
    return dt.datetime.combine(day, dt.time(12), tzinfo=TEHRAN)


def today_jalali() -> str:
    return fa_digits(jdatetime.date.today().strftime("%Y/%m/%d"))


# --- surveys ------------------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    surveys = [(s, selectors.survey_summary(survey=s)) for s in selectors.survey_list()]
    context = {
        "surveys": surveys,
        "calls_due": FollowUpCall.objects.filter(calls_due()).count(),
        "new_ideas": Idea.objects.filter(status=IdeaStatus.NEW, merged_into__isnull=True).count(),
    }
    return render(request, "feedback/home.html", context)


STARTER = [
    {"key": "csat", "type": "csat", "text": "", "required": True, "style": "faces"},
    {
        "key": "what_went_wrong",
        "type": "text",
        "text": "",
        "required": False,
        "show_if": {"key": "csat", "op": "lte", "value": 2},
    },
]


def _builder_questions(data: Any) -> list[dict[str, Any]]:
    """Question blocks arrive as parallel lists (one entry per block, in order)."""
    keys = data.getlist("key")
    out = []
    for i, key in enumerate(keys):

        def field(name: str, i: int = i) -> str:
            values = data.getlist(name)
            return values[i].strip() if i < len(values) else ""

        text = field("text")
        if not text and not key.strip():
            continue  # an untouched blank block
        q: dict[str, Any] = {
            "key": key.strip() or f"q{i + 1}",
            "type": field("type"),
            "text": text,
            "required": field("required") == "1",
            "style": field("style") or "faces",
            "choices": [c for c in field("choices").splitlines() if c.strip()],
        }
        if field("show_if_key"):
            raw = latin_digits(field("show_if_value"))
            op = field("show_if_op") or "lte"
            value: Any = [v.strip() for v in raw.split(",") if v.strip()] if op == "in" else raw
            q["show_if"] = {"key": field("show_if_key"), "op": op, "value": value}
        out.append(q)
    return out


def _initial(survey: Survey | None) -> list[dict[str, Any]]:
    if survey is None:
        starter = json.loads(json.dumps(STARTER))
        starter[0]["text"] = _("How satisfied are you with how we handled your request?")
        starter[1]["text"] = _("What went wrong? Tell us so we can fix it.")
        return starter
    return [
        {
            "key": q.key,
            "type": q.type,
            "text": q.text,
            "required": q.required,
            "style": q.style,
            "choices": q.choices,
            "show_if": {"key": q.show_if_key, "op": q.show_if_op, "value": q.show_if_value}
            if q.show_if_key
            else None,
        }
        for q in survey.questions.all()
    ]


@supervisor_required
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The survey builder: questions of every type, required or not, and branching on an answer."""
    survey = get_object_or_404(Survey, pk=pk) if pk else None
    questions = _initial(survey)
    error = ""
    if request.method == "POST":
        p = request.POST
        questions = _builder_questions(p)
        options = {
            "intro": p.get("intro", ""),
            "thank_you": p.get("thank_you", ""),
            "trigger": p.get("trigger", Trigger.MANUAL),
        }
        try:
            for field in ("delay_minutes", "days_after_delivery", "cooldown_days", "expires_days"):
                if p.get(field, "").strip():
                    options[field] = int(latin_digits(p[field]))
            if survey is None:
                survey = services.survey_create(
                    name=p.get("name", ""),
                    anonymous=p.get("anonymous") == "1",
                    questions=questions,
                    actor=request.user,
                    **options,
                )
            else:
                services.survey_update(
                    survey=survey,
                    name=p.get("name", ""),
                    anonymous=p.get("anonymous") == "1",
                    is_active=p.get("is_active") == "1",
                    questions=questions,
                    **options,
                )
        except ValueError:
            error = _("Days and minutes must be whole numbers.")
        except ApplicationError as exc:
            error = exc.message
            if exc.extra.get("key"):
                error += " (" + str(exc.extra["key"]) + ")"
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("feedback:results", pk=survey.pk)
    context = {
        "survey": survey,
        "questions": questions,
        "types": QuestionType.choices,
        "triggers": Trigger.choices,
        "error": error,
        "form": request.POST if request.method == "POST" else None,
    }
    return render(request, "feedback/builder.html", context, status=400 if error else 200)


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    summary = selectors.survey_summary(survey=survey)
    link = survey_url(reverse("feedback:link", args=[survey.public_key]))
    context = {
        "survey": survey,
        "summary": summary,
        "trend": selectors.survey_trend(survey=survey),
        "comments": selectors.survey_comments(survey=survey, limit=50),
        "recent": survey.responses.filter(completed_at__isnull=False)
        .select_related("customer", "conversation", "recovery_conversation", "location")
        .order_by("-completed_at")[:20],
        "invitations": survey.invitations.select_related("customer", "conversation")[:20],
        "link": link,
        "qr": qr_svg(link),
    }
    return render(request, "feedback/results.html", context)


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    response = HttpResponse(
        "\ufeff" + selectors.survey_csv(survey=survey), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.csv"'
    return response


def _qr_response(data: str, fmt: str, name: str) -> HttpResponse:
    if fmt == "png":
        response = HttpResponse(qr_png(data), content_type="image/png")
    elif fmt == "svg":
        response = HttpResponse(qr_svg(data), content_type="image/svg+xml")
    else:
        return HttpResponse(status=404)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def survey_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    return _qr_response(survey_url(reverse("feedback:link", args=[survey.public_key])), fmt, f"survey-{pk}")


@login_required
@require_POST
def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the customer of a conversation (by number) through that conversation's channel."""
    survey = get_object_or_404(Survey, pk=pk)
    number = latin_digits(request.POST.get("conversation", "").strip().lstrip("#"))
    conversation = Conversation.objects.filter(number=int(number)).first() if number.isdigit() else None
    if conversation is None:
        messages.error(request, _("There is no conversation with that number."))
        return redirect("feedback:results", pk=pk)
    try:
        invitation = services.invitation_create(survey=survey, conversation=conversation)
        invitation = services.invitation_send(invitation=invitation)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The invitation is on its way (%(status)s).") % {"status": invitation.get_status_display()},
        )
    return redirect("feedback:results", pk=pk)


# --- satisfaction cards -------------------------------------------------------------------------------------


def _card_url(location: Location) -> str:
    return survey_url(reverse("feedback:card", args=[location.key]))


@login_required
def cards(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.is_supervisor:
            raise PermissionDenied
        survey = Survey.objects.filter(pk=request.POST.get("survey") or 0).first()
        try:
            if survey is None:
                raise ApplicationError(_("Choose a survey for the card."))
            services.location_create(
                branch=request.POST.get("branch", ""), counter=request.POST.get("counter", ""), survey=survey
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The card is ready to print."))
        return redirect("feedback:cards")
    locations = Location.objects.select_related("survey")
    context = {"locations": locations, "surveys": Survey.objects.filter(is_active=True)}
    return render(request, "feedback/cards.html", context)


@login_required
def card_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A6 card: print it, or save it as PDF from the browser's print dialog."""
    location = get_object_or_404(Location.objects.select_related("survey"), pk=pk)
    url = _card_url(location)
    return render(request, "feedback/card_print.html", {"location": location, "qr": qr_svg(url), "url": url})


@login_required
def card_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    location = get_object_or_404(Location, pk=pk)
    return _qr_response(_card_url(location), fmt, f"card-{pk}")


# --- follow-up calls ----------------------------------------------------------------------------------------


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    """Today's call list; a team lead builds it from deliveries or resolutions N days ago."""
    if request.method == "POST":
        survey = Survey.objects.filter(pk=request.POST.get("survey") or 0).first()
        try:
            if survey is None:
                raise ApplicationError(_("Choose the survey the call follows."))
            days = int(latin_digits(request.POST.get("days", "7") or "7"))
            added = services.call_list_build(
                survey=survey, days=days, basis=request.POST.get("basis", "order")
            )
        except ValueError:
            messages.error(request, _("Days must be a whole number."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(count)s customers added to the call list.") % {"count": fa_digits(added)}
            )
        return redirect("feedback:calls")
    context = {
        "due": FollowUpCall.objects.filter(calls_due()).select_related("customer", "survey", "order"),
        "done": FollowUpCall.objects.exclude(status=CallStatus.TO_CALL)
        .select_related("customer", "agent", "response")
        .order_by("-called_at")[:30],
        "surveys": Survey.objects.filter(is_active=True),
    }
    return render(request, "feedback/calls.html", context)


@login_required
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
                call=item,
                status=request.POST.get("status", ""),
                agent=request.user,
                answers=answers,
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            error = exc.message
            answers = typed_answers(item.survey, answers)
        else:
            messages.success(request, _("The call is recorded."))
            return redirect("feedback:calls")
    context = {
        "call": item,
        "questions": _questions(item.survey, answers),
        "statuses": [c for c in CallStatus.choices if c[0] != CallStatus.TO_CALL],
        "error": error,
        "survey": item.survey,
    }
    return render(request, "feedback/call.html", context, status=400 if error else 200)


# --- ideas --------------------------------------------------------------------------------------------------


@login_required
def ideas_admin(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    context = {
        "ideas": selectors.ideas_public(status=status).prefetch_related("duplicates")[:200],
        "status": status,
        "statuses": IdeaStatus.choices,
    }
    return render(request, "feedback/ideas_admin.html", context)


@login_required
def idea_admin(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide on an idea with a public answer, answer comments, or merge a duplicate into another idea."""
    item = get_object_or_404(Idea, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "comment":
                services.idea_comment(idea=item, text=request.POST.get("text", ""), staff=request.user)
            elif not request.user.is_supervisor:
                raise PermissionDenied
            elif action == "merge":
                target = Idea.objects.filter(
                    pk=int(latin_digits(request.POST.get("into", "0") or "0"))
                ).first()
                if target is None:
                    raise ApplicationError(_("There is no idea with that number."))
                item = services.idea_merge(duplicate=item, into=target, actor=request.user)
            else:
                services.idea_set_status(
                    idea=item,
                    status=request.POST.get("status", ""),
                    public_reply=request.POST.get("public_reply", ""),
                    actor=request.user,
                )
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Saved."))
        return redirect("feedback:idea_admin", pk=item.pk)
    context = {
        "idea": item,
        "statuses": IdeaStatus.choices,
        "comments": item.comments.select_related("staff"),
        "followers": item.followers.count(),
        "notified": item.followers.filter(notified_at__isnull=False).count(),
    }
    return render(request, "feedback/idea_admin.html", context)


@login_required
@require_POST
def idea_from_conversation(request: HttpRequest, number: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation.objects.select_related("customer"), number=number)
    try:
        item = services.idea_from_conversation(
            conversation=conversation,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            actor=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("conversations:conversation", number=number)
    messages.success(request, _("The idea is on the board; the customer will hear when it is done."))
    return redirect("feedback:idea_admin", pk=item.pk)


# --- listening posts ----------------------------------------------------------------------------------------


@login_required
def listening(request: HttpRequest) -> HttpResponse:
    """Every listening post: its volume and sentiment over time, and the latest things people said."""
    if request.method == "POST":
        p = request.POST
        try:
            rating = float(latin_digits(p["rating"])) if p.get("rating", "").strip() else None
            customer = Customer.objects.filter(pk=p.get("customer") or 0).first()
            services.item_create(
                source=p.get("source", ""),
                text=p.get("text", ""),
                rating=rating,
                rating_max=5 if rating is not None else None,
                author_name=p.get("author_name", ""),
                url=p.get("url", ""),
                customer=customer,
                occurred_at=parse_jalali(p.get("date", "")),
            )
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("The rating must be a number.")))
        else:
            messages.success(request, _("The feedback is saved and is being read."))
        return redirect("feedback:listening")
    source = request.GET.get("source", "")
    context = {
        "overview": selectors.listening_overview(),
        "items": selectors.items_list(source=source, sentiment=request.GET.get("sentiment", "")),
        "source": source,
        "sources": ItemSource.choices,
        "today": today_jalali(),
    }
    return render(request, "feedback/listening.html", context)


@login_required
def audits(request: HttpRequest) -> HttpResponse:
    """Mystery-shopping checklists, visits and each branch's score over time."""
    template = AuditTemplate.objects.filter(pk=request.GET.get("template") or 0).first()
    template = template or AuditTemplate.objects.order_by("-created_at").first()
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") == "template":
                template = services.audit_template_create(
                    name=p.get("name", ""), items=p.get("items", "").splitlines()
                )
            else:
                template = get_object_or_404(AuditTemplate, pk=p.get("template") or 0)
                services.audit_record(
                    template=template,
                    branch=p.get("branch", ""),
                    visited_at=parse_jalali(p.get("date", "")),
                    checks=parse_checks(p, len(template.items)),
                    auditor=p.get("auditor", ""),
                    findings=p.get("findings", ""),
                    actor=request.user,
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{reverse('feedback:audits')}?template={template.pk if template else ''}")
    context = {
        "template": template,
        "templates": AuditTemplate.objects.all(),
        "results": selectors.audit_results(),
        "audits": Audit.objects.select_related("template")[:30],
        "today": today_jalali(),
    }
    return render(request, "feedback/audits.html", context)


@login_required
def focus_groups(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        p = request.POST
        try:
            services.focus_group_create(
                title=p.get("title", ""),
                held_at=parse_jalali(p.get("date", "")),
                moderator=p.get("moderator", ""),
                participants=p.get("participants", ""),
                notes=p.get("notes", ""),
                findings=p.get("findings", ""),
                ideas=p.get("ideas", "").splitlines(),
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The session is saved; its ideas are on the board."))
        return redirect("feedback:focus_groups")
    context = {"groups": FocusGroup.objects.prefetch_related("ideas")[:50], "today": today_jalali()}
    return render(request, "feedback/focus_groups.html", context)
