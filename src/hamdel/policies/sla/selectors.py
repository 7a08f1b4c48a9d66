"""SLA reads: the policy a conversation falls under, and its clock as the API, panel and inbox show it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from hamdel.conversations.models import Conversation
from hamdel.core.errors import NotFound
from hamdel.core.permissions import Perm, require
from hamdel.policies.sla.models import SlaClock, SlaPolicy, Target


def policy_matches(policy: SlaPolicy, conversation: Conversation) -> bool:
    """Every condition the policy sets must hold; an empty condition matches anything."""
    if policy.priorities and conversation.priority not in policy.priorities:
        return False
    if policy.channels and conversation.channel not in policy.channels:
        return False
    if policy.team_ids and conversation.team_id not in policy.team_ids:
        return False
    if policy.customer_tags:
        tags = set(getattr(conversation.customer, "tags", None) or [])
        if not tags & set(policy.customer_tags):
            return False
    return True


def enabled_policies() -> list[SlaPolicy]:
    """The enabled policies in matching order (read once for a batch of clocks)."""
    return list(SlaPolicy.objects.filter(enabled=True).order_by("order", "id"))


def policy_for(conversation: Conversation, policies: list[SlaPolicy] | None = None) -> SlaPolicy | None:
    """The first enabled policy, in order, that matches; None when none does or the match says «no SLA».

    `policies`: `enabled_policies()` read once by a batch, instead of one query per conversation."""
    for policy in enabled_policies() if policies is None else policies:
        if policy_matches(policy, conversation):
            return None if policy.no_sla else policy
    return None


def policy_list(*, actor: Any) -> QuerySet[SlaPolicy]:
    """The policies in matching order; reading them is for whoever manages them (targets are settings)."""
    require(actor, Perm.SLA_MANAGE)
    return SlaPolicy.objects.order_by("order", "id")


def policy_get(*, actor: Any, policy_id: int) -> SlaPolicy:
    require(actor, Perm.SLA_MANAGE)
    policy = SlaPolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise NotFound(_("No such SLA policy."), {"id": policy_id}, code="not_found")
    return policy


def clock_of(conversation: Conversation) -> SlaClock | None:
    """The conversation's clock; no query when the list selected it with the row (`with_clock`)."""
    cached = conversation._state.fields_cache
    if "sla_clock" in cached:
        clock: SlaClock | None = cached["sla_clock"]
        return clock
    return SlaClock.objects.select_related("policy").filter(conversation_id=conversation.pk).first()


def covered_ids(conversation_ids: list[int]) -> list[int]:
    """The conversations among these that run under an SLA policy (the reports' SLA compliance slot)."""
    return list(
        SlaClock.objects.filter(conversation_id__in=conversation_ids, policy__isnull=False).values_list(
            "conversation_id", flat=True
        )
    )


def with_clock(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """The API's conversation list with each clock and its policy in the same query."""
    return qs.select_related("sla_clock__policy")


def sla_api_field(conversation: Conversation) -> dict[str, Any] | None:
    """`"sla"` of GET /api/v1/conversations/{id}: null when no policy applies."""
    clock = clock_of(conversation)
    if clock is None or clock.policy is None:
        return None
    return {
        "policy": {"id": clock.policy.pk, "name": clock.policy.name},
        "first_response_due": clock.first_response_due,
        "next_response_due": clock.next_response_due,
        "resolution_due": clock.resolution_due,
        "state": clock.state,
    }


def panel_targets(clock: SlaClock, now: dt.datetime) -> list[dict[str, Any]]:
    """One row per target the policy sets: its due moment (while running) and how it stands."""
    policy = clock.policy
    rows = []
    for target in Target:
        minutes = policy.target_minutes(target) if policy else None
        if not minutes:
            continue
        met = getattr(clock, f"{target}_met")
        due = getattr(clock, f"{target}_due")
        if met is True:
            state = "met"
        elif met is False:
            state = "missed"
        elif target == Target.NEXT_RESPONSE and clock.awaiting_next_since is None:
            state = "idle"
        elif clock.paused_since is not None:
            state = "paused"
        elif due is not None and due <= now:
            state = "breached"
        elif clock.running_since is None:
            state = "idle"
        elif f"{target}.warning" in clock.alerts:
            state = "warning"
        else:
            state = "running"
        rows.append(
            {"target": str(target), "label": target.label, "minutes": minutes, "due": due, "state": state}
        )
    return rows


def inbox_annotate(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """The inbox column reads the clock's state and nearest due without a query per row."""
    return qs.annotate(
        sla_state=F("sla_clock__state"),
        sla_due=F("sla_clock__next_due"),
        sla_policy=F("sla_clock__policy_id"),
    )
