"""Feedback API: surveys, invitations, responses, summaries, ideas and feedback items.

Thin handlers: parse, call one action as the key's user (`request.user`), render. The action checks the
permission, so an agent's key gets 403 `{"code": "forbidden"}` on managing surveys and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hamdel.conversations.models import Conversation
from hamdel.core.api_types import DbId
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer
from hamdel.feedback import selectors, services
from hamdel.feedback.links import invitation_url, survey_link
from hamdel.feedback.models import FeedbackItem, Idea, Invitation, Response, Source, Survey

router = Router(tags=["feedback"])

QuestionKind = Literal["nps", "csat", "ces", "rating", "single_choice", "multiple_choice", "text"]


class ShowIf(Schema):
    key: str
    op: Literal["lte", "gte", "eq", "in"] = "lte"
    value: Any


class QuestionIn(Schema):
    key: str = Field(..., min_length=1, max_length=40)
    type: QuestionKind
    text: str = Field(..., min_length=1, max_length=500)
    required: bool = True
    choices: list[str] | None = None
    style: Literal["faces", "stars"] = "faces"
    show_if: ShowIf | None = Field(None, description="ask only when an earlier answer meets the condition")


class SurveyIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    anonymous: bool = False
    questions: list[QuestionIn] = Field(..., min_length=1, max_length=30)
    intro: str = ""
    thank_you: str = ""
    trigger: Literal["manual", "resolution", "delivery"] = "manual"
    delay_minutes: int = Field(60, ge=0, le=525_600)  # at most a year
    days_after_delivery: int = Field(7, ge=0, le=365)
    cooldown_days: int = Field(30, ge=0, le=365)
    expires_days: int = Field(14, ge=1, le=365)


class QuestionOut(Schema):
    key: str
    type: str
    text: str
    required: bool
    choices: list[str]
    style: str
    show_if: dict | None = None

    @staticmethod
    def resolve_show_if(obj: Any) -> dict | None:
        if not obj.show_if_key:
            return None
        return {"key": obj.show_if_key, "op": obj.show_if_op, "value": obj.show_if_value}


class SurveyOut(Schema):
    id: int
    name: str
    anonymous: bool
    is_active: bool
    trigger: str
    delay_minutes: int
    days_after_delivery: int
    cooldown_days: int
    expires_days: int
    link: str
    questions: list[QuestionOut]
    created_at: dt.datetime

    @staticmethod
    def resolve_link(obj: Survey) -> str:
        return survey_link(obj)

    @staticmethod
    def resolve_questions(obj: Survey) -> list[Any]:
        return list(obj.questions.all())


class InvitationIn(Schema):
    customer_id: DbId | None = None
    conversation_id: DbId | None = Field(None, description="send through this conversation's own channel")
    send: bool = Field(True, description="send now (false: only create the personal link)")


class InvitationOut(Schema):
    id: int
    token: str
    url: str
    status: str
    customer_id: int | None
    conversation_id: int | None
    expires_at: dt.datetime
    sent_at: dt.datetime | None

    @staticmethod
    def resolve_url(obj: Invitation) -> str:
        return invitation_url(obj)


class ResponseIn(Schema):
    answers: dict[str, Any]
    token: str | None = Field(None, description="the invitation's token; none for link and QR surveys")
    customer_id: DbId | None = Field(None, description="who answered, when known (ignored if anonymous)")
    complete: bool = Field(True, description="false saves a partial answer")


class ResponseOut(Schema):
    id: int
    survey_id: int
    answers: dict[str, Any]
    source: str
    completed: bool
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_completed(obj: Response) -> bool:
        return obj.completed_at is not None


class ItemIn(Schema):
    source: Literal["review", "social", "suggestion", "audit", "focus_group", "card", "survey", "call"]
    text: str = Field(..., min_length=1, max_length=20_000)
    rating: float | None = Field(None, ge=0, le=1000)
    rating_max: int | None = Field(None, ge=1, le=1000, description="the top of the scale, e.g. 5 or 10")
    customer_id: DbId | None = None
    author_name: str = ""
    url: str = ""
    occurred_at: dt.datetime | None = None


class ItemOut(Schema):
    id: int
    source: str
    text: str
    rating: float | None
    customer_id: int | None
    occurred_at: dt.datetime
    sentiment: str
    emotion: str
    polarity: float | None


class IdeaIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = ""
    author_name: str = ""
    customer_id: DbId | None = None


class IdeaOut(Schema):
    id: int
    title: str
    body: str
    status: str
    public_reply: str
    votes: int
    merged_into_id: int | None
    created_at: dt.datetime


@router.get("/surveys", response=list[SurveyOut])
def list_surveys(request: HttpRequest) -> Any:
    return selectors.survey_list().prefetch_related("questions")


@router.post("/surveys", response={201: SurveyOut})
def create_survey(request: HttpRequest, body: SurveyIn) -> tuple[int, Survey]:
    data = body.dict()
    questions = [{k: v for k, v in q.items() if v is not None} for q in data.pop("questions")]
    survey = services.survey_create(
        actor=request.user,
        name=data.pop("name"),
        anonymous=data.pop("anonymous"),
        questions=questions,
        **data,
    )
    return 201, survey


@router.get("/surveys/{survey_id}", response=SurveyOut)
def get_survey(request: HttpRequest, survey_id: DbId) -> Survey:
    return get_object_or_404(Survey, pk=survey_id)


@router.post("/surveys/{survey_id}/invitations", response={201: InvitationOut})
def create_invitation(request: HttpRequest, survey_id: DbId, body: InvitationIn) -> tuple[int, Invitation]:
    survey = get_object_or_404(Survey, pk=survey_id)
    conversation = get_object_or_404(Conversation, pk=body.conversation_id) if body.conversation_id else None
    customer = get_object_or_404(Customer, pk=body.customer_id) if body.customer_id else None
    invitation = services.survey_invite(
        actor=request.user, survey=survey, customer=customer, conversation=conversation, send=body.send
    )
    return 201, invitation


@router.post("/surveys/{survey_id}/responses", response={201: ResponseOut})
def create_response(request: HttpRequest, survey_id: DbId, body: ResponseIn) -> tuple[int, Response]:
    survey = get_object_or_404(Survey, pk=survey_id)
    invitation = None
    if body.token:
        invitation = Invitation.objects.filter(token=body.token, survey=survey).first()
        if invitation is None:
            raise ApplicationError(
                _("This invitation does not exist."), {"token": "unknown"}, status=404, code="not_found"
            )
    customer = get_object_or_404(Customer, pk=body.customer_id) if body.customer_id else None
    response = services.response_save(
        survey=survey,
        answers=body.answers,
        complete=body.complete,
        invitation=invitation,
        customer=customer,
        source=Source.API,
        on_behalf=request.user,
    )
    return 201, response


@router.get("/surveys/{survey_id}/summary")
def survey_summary(request: HttpRequest, survey_id: DbId) -> dict[str, Any]:
    survey = get_object_or_404(Survey, pk=survey_id)
    return {**selectors.survey_summary(survey=survey), "trend": selectors.survey_trend(survey=survey)}


@router.post("/feedback-items", response={201: ItemOut})
def create_item(request: HttpRequest, body: ItemIn) -> tuple[int, FeedbackItem]:
    customer = get_object_or_404(Customer, pk=body.customer_id) if body.customer_id else None
    item = services.item_create(
        actor=request.user,
        source=body.source,
        text=body.text,
        rating=body.rating,
        rating_max=body.rating_max,
        customer=customer,
        author_name=body.author_name,
        url=body.url,
        occurred_at=body.occurred_at,
    )
    return 201, item


@router.get("/feedback-items", response=list[ItemOut])
def list_items(request: HttpRequest, source: str = "", sentiment: str = "") -> Any:
    return selectors.items_list(source=source, sentiment=sentiment, limit=200)


@router.get("/ideas", response=list[IdeaOut])
def list_ideas(request: HttpRequest, status: str = "") -> Any:
    return selectors.ideas_public(status=status)


@router.post("/ideas", response={201: IdeaOut})
def create_idea(request: HttpRequest, body: IdeaIn) -> tuple[int, Idea]:
    customer = get_object_or_404(Customer, pk=body.customer_id) if body.customer_id else None
    voter = f"customer-{customer.pk}" if customer else f"api-{request.user.pk}"
    idea = services.idea_submit(
        title=body.title,
        body=body.body,
        author_name=body.author_name,
        voter=voter,
        customer=customer,
        on_behalf=request.user,
    )
    return 201, idea
