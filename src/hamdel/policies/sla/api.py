"""SLA policies through the API (SLA_MANAGE). Thin: flatten the request, call one action, answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from hamdel.core.api_types import DbId
from hamdel.policies.sla import selectors, services
from hamdel.policies.sla.models import SlaPolicy

router = Router(tags=["sla"])


class ConditionsIn(Schema):
    priorities: list[str] | None = Field(None, description="low, normal, high, urgent; empty: any")
    channels: list[str] | None = None
    team_ids: list[DbId] | None = None
    customer_tags: list[str] | None = None


class TargetsIn(Schema):
    first_response: int | None = Field(None, description="minutes; null: no target")
    next_response: int | None = None
    resolution: int | None = None


class EscalationIn(Schema):
    notify_supervisor: bool | None = None
    notify_user_id: DbId | None = Field(None, description="the supervisor to notify; null: every supervisor")
    raise_priority: str | None = Field(None, description="raise to this priority on breach; empty: no")
    team_id: DbId | None = Field(None, description="move to this team on breach")
    assignee_id: DbId | None = Field(None, description="reassign to this agent on breach")


class PolicyIn(Schema):
    name: str | None = None
    order: int | None = Field(None, ge=0, le=1_000_000)
    enabled: bool | None = None
    no_sla: bool | None = Field(None, description="matching conversations get no clock")
    conditions: ConditionsIn | None = None
    targets: TargetsIn | None = None
    basis: str | None = Field(None, description="business (the calendar's open hours) or calendar minutes")
    calendar_id: DbId | None = Field(None, description="a business calendar; null: the default one")
    pause_statuses: list[str] | None = Field(None, description="statuses that pause the clock")
    warning_percent: int | None = Field(None, description="warn when this share of a target is used")
    escalation: EscalationIn | None = None


class PolicyOut(Schema):
    id: int
    name: str
    order: int
    enabled: bool
    no_sla: bool
    conditions: dict[str, Any]
    targets: dict[str, int | None]
    basis: str
    calendar_id: int | None
    pause_statuses: list[str]
    warning_percent: int
    escalation: dict[str, Any]

    @staticmethod
    def resolve_conditions(obj: SlaPolicy) -> dict[str, Any]:
        return {
            "priorities": obj.priorities,
            "channels": obj.channels,
            "team_ids": obj.team_ids,
            "customer_tags": obj.customer_tags,
        }

    @staticmethod
    def resolve_targets(obj: SlaPolicy) -> dict[str, int | None]:
        return {
            "first_response": obj.first_response_minutes,
            "next_response": obj.next_response_minutes,
            "resolution": obj.resolution_minutes,
        }

    @staticmethod
    def resolve_escalation(obj: SlaPolicy) -> dict[str, Any]:
        return {
            "notify_supervisor": obj.escalate_notify,
            "notify_user_id": obj.escalate_notify_user_id,
            "raise_priority": obj.escalate_priority or None,
            "team_id": obj.escalate_team_id,
            "assignee_id": obj.escalate_assignee_id,
        }


class ReorderIn(Schema):
    ids: list[DbId] = Field(..., min_length=1, description="every policy's id, in the order to match")


FLAT = {
    "conditions": {
        "priorities": "priorities",
        "channels": "channels",
        "team_ids": "team_ids",
        "customer_tags": "customer_tags",
    },
    "targets": {
        "first_response": "first_response_minutes",
        "next_response": "next_response_minutes",
        "resolution": "resolution_minutes",
    },
    "escalation": {
        "notify_supervisor": "escalate_notify",
        "notify_user_id": "escalate_notify_user_id",
        "raise_priority": "escalate_priority",
        "team_id": "escalate_team_id",
        "assignee_id": "escalate_assignee_id",
    },
}


def _flatten(body: PolicyIn) -> dict[str, Any]:
    """The fields the request sent (absent ones stay as they are), in the action's flat names."""
    sent = body.dict(exclude_unset=True)
    data: dict[str, Any] = {}
    for key, value in sent.items():
        if key in FLAT:
            for inner, flat in FLAT[key].items():
                if isinstance(value, dict) and inner in value:
                    data[flat] = value[inner]
        else:
            data[key] = value
    for key in ("priorities", "channels", "team_ids", "customer_tags", "pause_statuses"):
        if key in data and data[key] is None:
            data[key] = []
    if "escalate_priority" in data and data["escalate_priority"] is None:
        data["escalate_priority"] = ""
    return data


@router.get("/sla-policies", response=list[PolicyOut])
def list_policies(request: HttpRequest) -> object:
    """In matching order: the first enabled policy whose conditions hold is the conversation's."""
    return selectors.policy_list(actor=request.user)


@router.post("/sla-policies", response={201: PolicyOut})
def create_policy(request: HttpRequest, body: PolicyIn) -> tuple[int, SlaPolicy]:
    return 201, services.sla_policy_create(actor=request.user, data=_flatten(body))


@router.post("/sla-policies/order", response=list[PolicyOut])
def reorder_policies(request: HttpRequest, body: ReorderIn) -> object:
    return services.sla_policies_reorder(actor=request.user, ids=body.ids)


@router.get("/sla-policies/{sla_policy_id}", response=PolicyOut)
def get_policy(request: HttpRequest, sla_policy_id: DbId) -> SlaPolicy:
    return selectors.policy_get(actor=request.user, policy_id=sla_policy_id)


@router.patch("/sla-policies/{sla_policy_id}", response=PolicyOut)
def patch_policy(request: HttpRequest, sla_policy_id: DbId, body: PolicyIn) -> SlaPolicy:
    """Only the fields sent change; every field is checked first, and one bad field changes nothing."""
    policy = get_object_or_404(SlaPolicy, pk=sla_policy_id)
    return services.sla_policy_update(actor=request.user, policy=policy, data=_flatten(body))
