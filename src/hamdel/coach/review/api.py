"""The review API (mounted under /api/v1/): review a draft; record what the agent did with a finding. Thin."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hamdel.coach.review import selectors, services
from hamdel.conversations import selectors as conversation_selectors
from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError

router = Router(tags=["coach"])


# Fields are typed loosely on purpose: the action checks every one and names each bad field in Persian (400).
class ReviewIn(Schema):
    draft: Any = Field(None, description="the agent's draft (text; empty is fine)")
    conversation_id: Any = Field(None, description="derive the context from this conversation")
    customer_message: Any = Field(None, description="the customer's message (default: the latest inbound)")
    first_reply: Any = Field(None, description="true/false (default: no agent reply yet)")
    fault: Any = Field(None, description="ours, customer, none or unknown (default: from tags and intent)")
    request_possible: Any = Field(None, description="true/false, or null when not known")
    customer_mood: Any = Field(None, description="angry, upset, worried, neutral or happy")


class ReviewFindingOut(Schema):
    code: str
    message: str
    start: int
    end: int
    suggestion: str


class ReviewOut(Schema):
    score: int
    findings: list[ReviewFindingOut]


class DecisionIn(Schema):
    conversation_id: Any = None
    code: Any = None
    decision: Any = Field(None, description="applied, ignored or sent_with")
    draft_excerpt: Any = ""


class DecisionOut(Schema):
    id: int
    conversation_id: int
    code: str
    decision: str


def _conversation(request: HttpRequest, value: Any, *, required: bool) -> Conversation | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(
            _("«conversation_id» must be a conversation's number id."),
            {"fields": {"conversation_id": "integer"}},
            code="invalid",
        )
    return conversation_selectors.conversation_by_id(conversation_id=value, user=request.user)


@router.post("/coach/review", response=ReviewOut, summary="Review a draft reply")
def review_draft(request: HttpRequest, body: ReviewIn) -> dict[str, Any]:
    """The coach's findings on a draft; explicit fields override what the conversation says."""
    conversation = _conversation(request, body.conversation_id, required=False)
    result = selectors.coach_review(
        actor=request.user,
        draft=body.draft,
        conversation=conversation,
        customer_message=body.customer_message,
        first_reply=body.first_reply,
        fault=body.fault,
        request_possible=body.request_possible,
        customer_mood=body.customer_mood,
    )
    return selectors.coach_review_dict(result)


@router.post(
    "/coach/decisions", response={201: DecisionOut}, summary="Record what the agent did with a finding"
)
def record_decision(request: HttpRequest, body: DecisionIn) -> tuple[int, dict[str, Any]]:
    conversation = _conversation(request, body.conversation_id, required=True)
    assert conversation is not None
    row = services.coach_decision_record(
        actor=request.user,
        conversation=conversation,
        code=body.code,
        decision=body.decision,
        draft_excerpt=body.draft_excerpt,
    )
    return 201, {"id": row.pk, "conversation_id": conversation.pk, "code": row.code, "decision": row.decision}
