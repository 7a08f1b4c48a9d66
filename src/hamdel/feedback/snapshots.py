"""A finished survey response as systems outside Hamdel see it (the `survey.answered` webhook's `data`).

Registered in `core.slots` as the snapshot of `response_id`. An anonymous survey's response names no
customer and no conversation, exactly as Hamdel stores it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from hamdel.feedback.models import QuestionType, Response


class SurveyRef(Schema):
    id: int
    name: str


class CustomerRef(Schema):
    id: int
    name: str


class AnswerOut(Schema):
    key: str
    type: str
    question: str
    value: Any


class SurveyResponseSnapshot(Schema):
    """The finished response: `score` is the first scored answer on its own scale (`score_type`), `comment`
    the open-text answers; `customer` and `conversation_id` are null for an anonymous survey."""

    id: int
    survey: SurveyRef
    score: float | None  # the first scored question (CSAT, NPS, CES or rating), on its own scale
    score_type: str | None  # csat, nps, ces or rating
    comment: str  # the open-text answers, joined
    answers: list[AnswerOut]
    source: str
    customer: CustomerRef | None
    conversation_id: int | None
    completed_at: dt.datetime | None


_SCORED = (QuestionType.CSAT, QuestionType.NPS, QuestionType.CES, QuestionType.RATING)


def response_snapshot(response_id: int) -> dict[str, Any] | None:
    response = (
        Response.objects.select_related("survey", "customer")
        .prefetch_related("rows__question")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return None
    rows = sorted(response.rows.all(), key=lambda r: (r.question.position, r.question.pk))
    answers = []
    score: float | None = None
    score_type: str | None = None
    comments = []
    for row in rows:
        q = row.question
        value: Any = row.number if row.number is not None else (row.choices or row.text)
        answers.append(AnswerOut(key=q.key, type=q.type, question=q.text, value=value))
        if score is None and q.type in _SCORED and row.number is not None:
            score, score_type = row.number, q.type
        if q.type == QuestionType.TEXT and row.text.strip():
            comments.append(row.text.strip())
    anonymous = response.survey.anonymous
    customer = response.customer if not anonymous else None
    return SurveyResponseSnapshot(
        id=response.pk,
        survey=SurveyRef(id=response.survey_id, name=response.survey.name),
        score=score,
        score_type=score_type,
        comment="\n".join(comments),
        answers=answers,
        source=response.source,
        customer=CustomerRef(id=customer.pk, name=customer.name) if customer else None,
        conversation_id=None if anonymous else response.conversation_id,
        completed_at=response.completed_at,
    ).model_dump(mode="json")


def register() -> None:
    from hamdel.core.slots import Snapshot, snapshot_register

    snapshot_register(Snapshot("response_id", "survey_response", response_snapshot, SurveyResponseSnapshot))
