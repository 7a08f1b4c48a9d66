"""Rules through the API (RULE_MANAGE, admins). Thin: parse, call one action, answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from hamdel.automation.rules import selectors, services
from hamdel.automation.rules.models import Rule
from hamdel.core.api_types import DbId

router = Router(tags=["rules"])


class RuleIn(Schema):
    name: str | None = None
    event: str | None = Field(None, description="message.received, conversation.created, …")
    conditions: dict[str, Any] | None = Field(None, description='{"all"|"any": [{field, op, value}]}')
    actions: list[dict[str, Any]] | None = Field(None, description="[{type, value}]")
    order: int | None = Field(None, ge=0, le=1_000_000)
    enabled: bool | None = None


class RuleOut(Schema):
    id: int
    name: str
    event: str
    conditions: dict[str, Any]
    actions: list[dict[str, Any]]
    order: int
    enabled: bool
    disabled_reason: str


class Created(Schema):
    id: int


def _out(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "name": rule.name,
        "event": rule.event,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "order": rule.order,
        "enabled": rule.enabled,
        "disabled_reason": rule.disabled_reason,
    }


@router.post("/rules", response={201: Created})
def create_rule(request: HttpRequest, payload: RuleIn) -> tuple[int, dict[str, int]]:
    rule = services.rule_create(actor=request.user, data=payload.dict())
    return 201, {"id": rule.pk}


@router.get("/rules", response=list[RuleOut])
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(r) for r in selectors.rule_list(actor=request.user)]


@router.get("/rules/{rule_id}", response=RuleOut)
def get_rule(request: HttpRequest, rule_id: DbId) -> dict[str, Any]:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=rule_id)
    return _out(rule)


@router.patch("/rules/{rule_id}", response=RuleOut)
def update_rule(request: HttpRequest, rule_id: DbId, payload: RuleIn) -> dict[str, Any]:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=rule_id)
    return _out(services.rule_update(actor=request.user, rule=rule, data=payload.dict()))


@router.post("/rules/{rule_id}/dry-run")
def dry_run_rule(request: HttpRequest, rule_id: DbId) -> dict[str, Any]:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=rule_id)
    return selectors.rule_dry_run(actor=request.user, rule=rule)
