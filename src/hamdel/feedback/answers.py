"""Checking a customer's answers against the survey's questions: ranges, choices, branching, required.

Pure checks with no writes, shared by the public pages, the call screen and `response_save`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.persian import latin_digits
from hamdel.feedback.models import Question, QuestionType, Survey

MAX_TEXT_ANSWER = 5000


def is_visible(question: Question, answers: dict[str, Any]) -> bool:
    """Branching: a question with a condition is asked only when the earlier answer meets it."""
    if not question.show_if_key:
        return True
    value = answers.get(question.show_if_key)
    if value is None or value == "" or value == []:
        return False
    target: Any = question.show_if_value
    try:
        if question.show_if_op == "lte":
            return float(value) <= float(target)
        if question.show_if_op == "gte":
            return float(value) >= float(target)
        if question.show_if_op == "in":
            wanted = {str(t) for t in (target or [])}
            values = value if isinstance(value, list) else [value]
            return any(str(v) in wanted for v in values)
        return str(value) == str(target)
    except (TypeError, ValueError):
        return False


def _clean_one(question: Question, value: Any) -> Any:
    """One answer in its stored form, or ApplicationError naming the question and the reason."""
    extra = {"key": question.key}
    if question.is_scale:
        low, high = question.scale or (0, 0)
        if isinstance(value, str):
            value = latin_digits(value.strip())
        try:
            number = int(value)
            if isinstance(value, float) and value != number:
                raise ValueError
        except (TypeError, ValueError):
            raise ApplicationError(
                _("The answer must be a whole number."), extra | {"value": value}, code="not_a_number"
            ) from None
        if isinstance(value, bool) or not low <= number <= high:
            raise ApplicationError(
                _("The answer to “%(question)s” must be between %(low)s and %(high)s.")
                % {"question": question.text, "low": low, "high": high},
                extra | {"value": value, "min": low, "max": high},
                code="out_of_range",
            )
        return number
    if question.type == QuestionType.SINGLE:
        if str(value) not in question.choices:
            raise ApplicationError(
                _("This choice is not one of the options."), extra | {"value": value}, code="unknown_choice"
            )
        return str(value)
    if question.type == QuestionType.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        values = [str(v) for v in values]
        unknown = [v for v in values if v not in question.choices]
        if unknown:
            raise ApplicationError(
                _("This choice is not one of the options."), extra | {"value": unknown}, code="unknown_choice"
            )
        return [c for c in question.choices if c in values]
    text = str(value).strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise ApplicationError(
            _("The answer is too long."), extra | {"max_length": MAX_TEXT_ANSWER}, code="too_long"
        )
    return text


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list) and len(value) == 0)


def clean_answers(*, survey: Survey, answers: dict[str, Any], partial: bool) -> dict[str, Any]:
    """Check answers against the questions; hidden questions' answers are dropped.

    With `partial` the required questions may still be missing (the customer is half-way through).
    """
    if not isinstance(answers, dict):
        raise ApplicationError(
            _("Answers must be an object keyed by question."), {"answers": "object"}, code="invalid"
        )
    questions = list(survey.questions.all())
    known = {q.key for q in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ApplicationError(
            _("These questions are not in the survey."), {"keys": unknown}, code="unknown_question"
        )
    cleaned: dict[str, Any] = {}
    for q in questions:
        raw = answers.get(q.key)
        if isinstance(raw, str) and q.type != QuestionType.TEXT:
            raw = raw.strip()
        if not _empty(raw):
            cleaned[q.key] = _clean_one(q, raw)
    cleaned = {q.key: cleaned[q.key] for q in questions if q.key in cleaned and is_visible(q, cleaned)}
    if not partial:
        missing = [
            q.key for q in questions if q.required and is_visible(q, cleaned) and _empty(cleaned.get(q.key))
        ]
        if missing:
            first = next(q for q in questions if q.key == missing[0])
            raise ApplicationError(
                _("Please answer “%(question)s”.") % {"question": first.text},
                {"missing": missing},
                code="answer_required",
            )
    return cleaned
