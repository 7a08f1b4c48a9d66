"""Promises through the API: a conversation's promises, one added by hand, one changed. Thin."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hamdel.conversations import selectors as conversation_selectors
from hamdel.core.api_types import DbId
from hamdel.policies.promises import selectors, services
from hamdel.policies.promises.models import Promise

router = Router(tags=["promises"])


class PromiseOut(Schema):
    id: int
    text: str
    due: dt.datetime
    status: str
    message_id: int | None


class PromiseIn(Schema):
    text: str = Field(..., max_length=2000)
    due: dt.datetime = Field(..., description="ISO-8601; without an offset it is the office's local time")


class PromisePatch(Schema):
    status: str | None = Field(None, description="open, kept or broken")
    due: dt.datetime | None = None
    text: str | None = Field(None, max_length=2000)


@router.get("/conversations/{conversation_id}/promises", response=list[PromiseOut])
def list_promises(request: HttpRequest, conversation_id: DbId) -> object:
    """What was promised to the customer in this conversation and by when, soonest due first."""
    conv = conversation_selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    return selectors.promises_of(conversation=conv)


@router.post("/conversations/{conversation_id}/promises", response={201: PromiseOut})
def create_promise(request: HttpRequest, conversation_id: DbId, body: PromiseIn) -> tuple[int, Promise]:
    conv = conversation_selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    return 201, services.promise_create(actor=request.user, conversation=conv, text=body.text, due=body.due)


@router.patch("/promises/{promise_id}", response=PromiseOut)
def patch_promise(request: HttpRequest, promise_id: DbId, body: PromisePatch) -> Promise:
    """Tick kept (or reopen), move the due moment, reword; one bad field and nothing changes."""
    promise = selectors.promise_by_id(promise_id=promise_id, user=request.user)
    return services.promise_update(
        actor=request.user, promise=promise, status=body.status, due=body.due, text=body.text
    )
