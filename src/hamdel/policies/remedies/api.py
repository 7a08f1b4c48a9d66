"""Remedies and authority limits through the API. Thin: parse, call one action, answer.

Amounts are whole rials. `kind`, `amount` and `order_id` are read loosely here and checked by the action,
so a bad value gets the house's Persian 400 naming every bad field, not a schema error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hamdel.conversations.selectors import conversation_by_id
from hamdel.core.api_types import DbId
from hamdel.policies.remedies import selectors, services
from hamdel.policies.remedies.models import Remedy

router = Router(tags=["remedies"])


class RemedyIn(Schema):
    kind: str = Field(
        ...,
        description="refund, replacement, repair, discount_code, store_credit or free_delivery",
    )
    amount: Any = Field(
        None,
        description="whole rials; required for refund, store_credit and discount_code",
        json_schema_extra={"type": ["integer", "null"]},
    )
    order_id: Any = Field(
        None,
        description="an order of this conversation's customer",
        json_schema_extra={"type": ["integer", "null"]},
    )
    note: str | None = ""


class PersonRef(Schema):
    id: int
    name: str


class RemedyOut(Schema):
    id: int
    conversation_id: int
    kind: str
    amount: int | None
    order_id: int | None = None
    note: str
    status: str
    discount_code: str | None
    offered_by: PersonRef | None
    offered_at: dt.datetime
    decided_by: PersonRef | None
    decided_at: dt.datetime | None
    reason: str
    fulfilled_at: dt.datetime | None

    @staticmethod
    def resolve_discount_code(obj: Remedy) -> str | None:
        return obj.discount_code or None

    @staticmethod
    def resolve_offered_by(obj: Remedy) -> PersonRef | None:
        return PersonRef(id=obj.offered_by.pk, name=obj.offered_by.name) if obj.offered_by else None

    @staticmethod
    def resolve_decided_by(obj: Remedy) -> PersonRef | None:
        return PersonRef(id=obj.decided_by.pk, name=obj.decided_by.name) if obj.decided_by else None


class RemedyCreated(Schema):
    """The contract of issue 13: the new remedy's id and whether it waits (read the rest with GET)."""

    id: int
    status: str = Field(..., description="approved or pending_approval")


class RejectIn(Schema):
    reason: str = Field("", description="why; the offering agent reads it in the conversation")


class LimitRow(Schema):
    role: str = Field(..., description="agent, supervisor or admin")
    kind: str
    max_amount: Any = Field(
        ...,
        description="rials; null = no limit, 0 = always needs approval",
        json_schema_extra={"type": ["integer", "null"]},
    )


@router.post("/conversations/{conversation_id}/remedies", response={201: RemedyCreated})
def offer(request: HttpRequest, conversation_id: DbId, body: RemedyIn) -> tuple[int, Remedy]:
    """Offer a remedy: `approved` within your authority for its kind, else `pending_approval`.

    The answer is `{id, status}`; `GET /remedies/{id}` has the rest (a discount code's code, …).
    """
    conv = conversation_by_id(conversation_id=conversation_id, user=request.user)
    remedy = services.remedy_offer(
        actor=request.user,
        conversation=conv,
        kind=body.kind,
        amount=body.amount,
        order_id=body.order_id,
        note=body.note or "",
    )
    return 201, remedy


@router.get("/conversations/{conversation_id}/remedies", response=list[RemedyOut])
def conversation_remedies(request: HttpRequest, conversation_id: DbId) -> object:
    conv = conversation_by_id(conversation_id=conversation_id, user=request.user)
    return selectors.remedies_for_conversation(conversation=conv)


@router.get("/remedies", response=list[RemedyOut])
def remedies(request: HttpRequest, status: str = "") -> object:
    """At most 500, newest first; `?status=pending_approval` is the approvers' queue, oldest first."""
    return selectors.remedies_list(user=request.user, status=status)[:500]


@router.get("/remedies/{remedy_id}", response=RemedyOut)
def remedy(request: HttpRequest, remedy_id: DbId) -> Remedy:
    return selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)


@router.post("/remedies/{remedy_id}/approve", response=RemedyOut)
def approve(request: HttpRequest, remedy_id: DbId) -> Remedy:
    """One decision: 409 when it is no longer waiting, is your own offer, or is above your own limit."""
    found = selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)
    services.remedy_approve(actor=request.user, remedy=found)
    return selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)


@router.post("/remedies/{remedy_id}/reject", response=RemedyOut)
def reject(request: HttpRequest, remedy_id: DbId, body: RejectIn) -> Remedy:
    found = selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)
    services.remedy_reject(actor=request.user, remedy=found, reason=body.reason)
    return selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)


@router.post("/remedies/{remedy_id}/fulfil", response=RemedyOut)
def fulfil(request: HttpRequest, remedy_id: DbId) -> Remedy:
    """Mark an approved remedy as carried out; 409 `not_approved` otherwise."""
    found = selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)
    services.remedy_fulfil(actor=request.user, remedy=found)
    return selectors.remedy_by_id(remedy_id=remedy_id, user=request.user)


@router.get("/authority-limits", response=list[LimitRow], tags=["remedies"])
def limits(request: HttpRequest) -> object:
    """Every role's limit per kind (rials; null = no limit, 0 = always needs approval)."""
    return selectors.limits_list()


@router.put("/authority-limits", response=list[LimitRow], tags=["remedies"])
def limits_set(request: HttpRequest, body: list[LimitRow]) -> object:
    """Set the limits named in the list (all or nothing); limits not named keep their value."""
    services.authority_limits_set(actor=request.user, limits=[row.dict() for row in body])
    return selectors.limits_list()
