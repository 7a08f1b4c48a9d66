"""The survey builder: questions of every type, required or not, branching, and how the survey is sent."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires
from hamdel.core.persian import latin_digits
from hamdel.feedback import services
from hamdel.feedback.models import QuestionType, Survey, Trigger
from hamdel.feedback.views._common import form_error

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


@requires(Perm.SURVEY_MANAGE)
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The survey builder: questions of every type, required or not, and branching on an answer."""
    survey = get_object_or_404(Survey, pk=pk) if pk else None
    questions = _initial(survey)
    error = ""
    if request.method == "POST":
        p = request.POST
        questions = _builder_questions(p)
        options: dict[str, Any] = {
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
                    actor=request.user,
                    name=p.get("name", ""),
                    anonymous=p.get("anonymous") == "1",
                    questions=questions,
                    **options,
                )
            else:
                services.survey_update(
                    actor=request.user,
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
            error = form_error(exc)
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
