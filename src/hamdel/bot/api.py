"""POST /api/v1/bot/answer: what the bot would answer, for testing and for integrations. Thin."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from hamdel.bot import services

router = Router(tags=["bot"])


class AnswerIn(Schema):
    text: str
    channel: str | None = None


class CandidateOut(Schema):
    id: int
    title: str
    url: str
    score: float


class AnswerOut(Schema):
    answer: str | None
    article_id: int | None
    confidence: float
    candidates: list[CandidateOut]
    handoff_reason: str | None


@router.post("/answer", response=AnswerOut)
def bot_answer(request: HttpRequest, payload: AnswerIn) -> dict[str, Any]:
    """The bot's answer from public articles only: `answer` and `article_id` when confident, else 2–3
    `candidates`, or `handoff_reason` (customer_request, no_answer, upset_customer, unsupported_request)."""
    return services.bot_answer(payload.text, payload.channel or "", actor=request.user).as_dict()
