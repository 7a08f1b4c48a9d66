"""The scored survey answers offered to the reports through `core.slots.survey_scores_register`.

Insights is feedback's sibling and may not import it; this source is how it learns CSAT, CES and NPS answers
(on `survey.answered`, and when it rebuilds its rollups). Only completed responses count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hamdel.core.slots import SurveyScore
from hamdel.feedback.models import Answer, QuestionType

_KINDS = (QuestionType.CSAT, QuestionType.CES, QuestionType.NPS)


def survey_scores(
    *, response_id: int | None = None, since: dt.datetime | None = None
) -> Iterator[SurveyScore]:
    rows = Answer.objects.filter(
        question__type__in=_KINDS, number__isnull=False, response__completed_at__isnull=False
    )
    if response_id is not None:
        rows = rows.filter(response_id=response_id)
    if since is not None:
        rows = rows.filter(response__completed_at__gte=since)
    fields = ("response_id", "question_id", "question__type", "number", "response__completed_at")
    for rid, qid, kind, number, at, conversation_id in rows.values_list(
        *fields, "response__conversation_id"
    ).iterator(chunk_size=5000):
        yield SurveyScore(
            response_id=rid,
            question_id=qid,
            kind=kind,
            score=int(number),
            at=at,
            conversation_id=conversation_id,
        )
