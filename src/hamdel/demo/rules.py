"""Demo automation rules: what a shop's admin sets up first (created through the rules' own action)."""

from __future__ import annotations

from typing import Any

from hamdel.accounts.models import Team
from hamdel.automation.rules.models import Rule
from hamdel.automation.rules.services import rule_create, rule_disable


def demo_rules(*, admin: Any, team: Team) -> list[Rule]:
    """Three rules: cancellations to a team, urgent at night, close after 3 business days pending.

    Loaded after the demo conversations, so they act on new messages only (the dry run shows the past).
    """
    cancel = rule_create(
        actor=admin,
        data={
            "name": "لغو سفارش: برچسب مالی و تیم فروش",
            "event": "message.received",
            "conditions": {"any": [{"field": "text", "op": "contains", "value": ["لغو", "کنسل"]}]},
            "actions": [
                {"type": "tag", "value": "مالی"},
                {"type": "assign_team", "value": team.pk},
                {"type": "set_priority", "value": "high"},
            ],
            "order": 10,
        },
    )
    night = rule_create(
        actor=admin,
        data={
            "name": "پیام عصبانی بیرون از ساعت کاری",
            "event": "message.received",
            "conditions": {
                "all": [
                    {"field": "business_hours", "op": "is", "value": False},
                    {"field": "sentiment", "op": "in", "value": ["negative", "very_negative"]},
                ]
            },
            "actions": [{"type": "set_priority", "value": "urgent"}],
            "order": 20,
        },
    )
    pending = rule_create(
        actor=admin,
        data={
            "name": "بستن پس از سه روز کاری انتظار",
            "event": "conversation.pending",
            "conditions": {"all": [{"field": "pending_business_hours", "op": "gte", "value": 24}]},
            "actions": [
                {"type": "add_note", "value": "سه روز کاری پاسخی از مشتری نیامد؛ بسته شد."},
                {"type": "set_status", "value": "closed"},
            ],
            "order": 30,
        },
    )
    rule_disable(actor=admin, rule=pending, reason="نمونه: پیش از روشن کردن، اجرای آزمایشی را ببینید.")
    return [cancel, night, pending]
