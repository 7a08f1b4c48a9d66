"""Building surveys: their questions, branching and how they are sent (the company-wide triggers).

Only people with `survey.manage` (supervisors, admins) may create or change a survey: a survey with the
after-resolution trigger is sent to every customer whose conversation is resolved.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.feedback.models import Question, QuestionType, Survey, Trigger

MAX_QUESTIONS = 30
OPS = ("lte", "gte", "eq", "in")


def _clean_questions(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Refuse a survey a customer could not answer: unknown types, duplicate keys, empty choices."""
    if not questions:
        raise ApplicationError(
            _("A survey needs at least one question."), {"questions": "required"}, code="questions_required"
        )
    if len(questions) > MAX_QUESTIONS:
        raise ApplicationError(
            _("A survey can have at most 30 questions."),
            {"questions": len(questions)},
            code="too_many_questions",
        )
    seen: set[str] = set()
    cleaned = []
    for position, q in enumerate(questions):
        key = str(q.get("key") or "").strip()
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key):
            raise ApplicationError(
                _("Each question needs a key of Latin letters, digits, - or _."),
                {"key": key},
                code="invalid_key",
            )
        if key in seen:
            raise ApplicationError(_("Two questions have the same key."), {"key": key}, code="duplicate_key")
        qtype = q.get("type")
        if qtype not in QuestionType.values:
            raise ApplicationError(
                _("Unknown question type."), {"key": key, "type": qtype}, code="unknown_question_type"
            )
        text = str(q.get("text") or "").strip()
        if not text:
            raise ApplicationError(_("Each question needs its text."), {"key": key}, code="text_required")
        choices = [str(c).strip() for c in (q.get("choices") or []) if str(c).strip()]
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if len(choices) < 2:
                raise ApplicationError(
                    _("A choice question needs at least two choices."), {"key": key}, code="choices_required"
                )
            if len(set(choices)) != len(choices):
                raise ApplicationError(
                    _("The choices of a question must differ."), {"key": key}, code="duplicate_choice"
                )
        else:
            choices = []
        show_if = q.get("show_if") or None
        show = {"show_if_key": "", "show_if_op": "", "show_if_value": None}
        if show_if:
            ref, op = str(show_if.get("key", "")), show_if.get("op", "lte")
            if ref not in seen:
                raise ApplicationError(
                    _("A question can only depend on an earlier question."),
                    {"key": key, "show_if": ref},
                    code="invalid_condition",
                )
            if op not in OPS:
                raise ApplicationError(
                    _("Unknown condition."), {"key": key, "op": op}, code="unknown_condition"
                )
            show = {"show_if_key": ref, "show_if_op": op, "show_if_value": show_if.get("value")}
        seen.add(key)
        cleaned.append(
            {
                "key": key,
                "type": qtype,
                "text": text[:500],
                "required": bool(q.get("required", True)),
                "choices": choices,
                "style": "stars" if q.get("style") == "stars" else "faces",
                "position": position,
                **show,
            }
        )
    return cleaned


_SETTINGS = (
    "intro",
    "thank_you",
    "trigger",
    "delay_minutes",
    "days_after_delivery",
    "cooldown_days",
    "expires_days",
)


def _apply_settings(survey: Survey, options: dict[str, Any]) -> None:
    for field in _SETTINGS:
        if options.get(field) is not None:
            setattr(survey, field, options[field])
    if survey.trigger not in Trigger.values:
        raise ApplicationError(
            _("Unknown way of sending."), {"trigger": survey.trigger}, code="unknown_trigger"
        )
    if not 0 <= survey.delay_minutes <= 60 * 24 * 30:
        raise ApplicationError(
            _("The delay must be between 0 and 30 days."),
            {"delay_minutes": survey.delay_minutes},
            code="invalid_delay",
        )
    if not 1 <= survey.expires_days <= 365:
        raise ApplicationError(
            _("Invitations must stay valid 1 to 365 days."),
            {"expires_days": survey.expires_days},
            code="invalid_expiry",
        )


def _clean_name(name: str) -> str:
    if not name.strip():
        raise ApplicationError(_("A survey needs a name."), {"name": "required"}, code="name_required")
    return name.strip()[:200]


def survey_create(
    *,
    actor: Any,
    name: str,
    questions: list[dict[str, Any]],
    anonymous: bool = False,
    **options: Any,
) -> Survey:
    """Create a survey with its questions; nothing is stored if any question is invalid."""
    require(actor, Perm.SURVEY_MANAGE)
    survey = Survey(name=_clean_name(name), anonymous=anonymous)
    if isinstance(actor, User):
        survey.created_by = actor
    cleaned = _clean_questions(questions)
    _apply_settings(survey, options)
    with transaction.atomic():
        survey.save()
        Question.objects.bulk_create(Question(survey=survey, **q) for q in cleaned)
        audit(actor=actor, action="survey.create", target=f"survey:{survey.pk}", after=_audit_view(survey))
    return survey


def _audit_view(survey: Survey) -> dict[str, Any]:
    """What an admin reviewing the log needs: the survey's settings and its questions' keys and texts."""
    return {
        "name": survey.name,
        "anonymous": survey.anonymous,
        "is_active": survey.is_active,
        "trigger": survey.trigger,
        "questions": {q.key: q.text for q in survey.questions.all()},
    }


def survey_export(*, actor: Any, survey: Survey) -> str:
    """The survey's answers as CSV for whoever may see reports; the export is audited."""
    from hamdel.feedback.selectors import survey_csv

    require(actor, Perm.REPORTS_VIEW)
    text = survey_csv(survey=survey)
    with transaction.atomic():
        audit(
            actor=actor,
            action="export.survey",
            target=f"survey:{survey.pk}",
            rows=max(text.count("\n") - 1, 0),
        )
    return text


def survey_update(
    *,
    actor: Any,
    survey: Survey,
    name: str,
    questions: list[dict[str, Any]],
    anonymous: bool | None = None,
    is_active: bool | None = None,
    **options: Any,
) -> Survey:
    """Change a survey or its trigger; a question that already has answers may be edited but not removed."""
    require(actor, Perm.SURVEY_MANAGE)
    name = _clean_name(name)
    cleaned = _clean_questions(questions)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        before = _audit_view(survey)
        if anonymous is not None and anonymous != survey.anonymous and survey.responses.exists():
            raise ApplicationError(
                _("A survey that has answers cannot change whether it is anonymous; make a new one."),
                {"anonymous": anonymous},
                code="anonymous_locked",
            )
        keys = [q["key"] for q in cleaned]
        removed = survey.questions.exclude(key__in=keys)
        answered = sorted(set(removed.filter(answers__isnull=False).values_list("key", flat=True)))
        if answered:
            raise ApplicationError(
                _("Questions that already have answers cannot be removed."),
                {"keys": answered},
                code="answered_question",
            )
        survey.name = name
        if anonymous is not None:
            survey.anonymous = anonymous
        if is_active is not None:
            survey.is_active = is_active
        _apply_settings(survey, options)
        survey.save()
        removed.delete()
        for q in cleaned:
            Question.objects.update_or_create(survey=survey, key=q["key"], defaults=q)
        after = _audit_view(survey)
        if after != before:
            audit(
                actor=actor, action="survey.update", target=f"survey:{survey.pk}", before=before, after=after
            )
    return survey
