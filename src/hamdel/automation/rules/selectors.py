"""Reads: the rule list and the dry run (what a rule would have done to the last 100 conversations)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hamdel.automation.rules.evaluate import conditions_hold, facts_for
from hamdel.automation.rules.models import Rule
from hamdel.automation.rules.services import references_problems
from hamdel.conversations.models import Conversation
from hamdel.core.permissions import Perm, require

DRY_RUN_SIZE = 100


def rule_list(*, actor: Any) -> QuerySet[Rule]:
    require(actor, Perm.RULE_MANAGE)
    return Rule.objects.order_by("order", "pk")


def rule_dry_run(*, actor: Any, rule: Rule) -> dict[str, Any]:
    """Evaluate the conditions against each of the last 100 conversations (their latest customer message,
    at their last activity); write nothing. The answer lists the matches and the actions they would get."""
    require(actor, Perm.RULE_MANAGE)
    conversations = list(
        Conversation.objects.select_related("customer").order_by("-last_message_at", "-pk")[:DRY_RUN_SIZE]
    )
    matches = []
    for conversation in conversations:
        if conditions_hold(rule.conditions, facts_for(conversation, None, conversation.last_message_at)):
            matches.append(
                {
                    "conversation_id": conversation.pk,
                    "number": conversation.number,
                    "subject": conversation.subject,
                    "actions": rule.actions,
                }
            )
    return {
        "rule_id": rule.pk,
        "checked": len(conversations),
        "matched": len(matches),
        "matches": matches,
        "problems": references_problems(conditions=rule.conditions, actions=rule.actions),
    }
