"""The conversation's history: one typed ConversationEvent row per change, written by the action itself.

Actions collect the rows they write and publish one `ConversationUpdated` with their ids after commit, so
SLA clocks, automation, webhooks and insights learn exactly what changed, from what, to what, by whom.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.conversations.events import ConversationUpdated
from hamdel.conversations.models import ActorKind, Conversation, ConversationEvent, EventType
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, RuleActor, is_system, require
from hamdel.customers.models import Customer


def actor_fields(actor: Any) -> dict[str, Any]:
    """Who made a change, in the columns of ConversationEvent (a name is kept for the history)."""
    if isinstance(actor, Customer):
        return {"actor_kind": ActorKind.CUSTOMER, "actor_customer": actor, "actor_name": actor.name[:150]}
    if isinstance(actor, RuleActor):
        return {"actor_kind": ActorKind.RULE, "actor_rule_id": actor.rule_id, "actor_name": actor.name[:150]}
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        return {"actor_kind": ActorKind.SYSTEM, "actor_name": ""}
    return {"actor_kind": ActorKind.USER, "actor_user": actor, "actor_name": actor.name[:150]}


def event_record(
    conversation: Conversation,
    actor: Any,
    type: str,
    *,
    old: Any = None,
    new: Any = None,
    **data: Any,
) -> ConversationEvent:
    """Write one event row inside the caller's transaction; the caller publishes after its last write."""
    return ConversationEvent.objects.create(
        conversation=conversation, type=type, old=old, new=new, data=data, **actor_fields(actor)
    )


def publish_changes(conversation: Conversation, events: list[ConversationEvent]) -> None:
    if events:
        publish(ConversationUpdated(conversation_id=conversation.pk, event_ids=tuple(e.pk for e in events)))


RECORDABLE_BY_OTHER_APPS = {
    EventType.SURVEY_SENT,
    EventType.SNOOZED,
    EventType.MERGED,
    EventType.SLA_WARNING,
    EventType.SLA_BREACHED,
    EventType.SLA_ESCALATED,
    EventType.PROMISE_MADE,
    EventType.PROMISE_CHANGED,
    EventType.PROMISE_DUE,
    EventType.PROMISE_KEPT,
    EventType.PROMISE_BROKEN,
    EventType.RETURN_UPDATED,  # policies.returns: a return opened from this conversation moved on
    EventType.REMEDY_OFFERED,
    EventType.REMEDY_APPROVED,
    EventType.REMEDY_REJECTED,
    EventType.REMEDY_FULFILLED,
    EventType.BOT_HANDOFF,  # bot: why it handed the conversation to a person (new: {reason, summary})
    EventType.BOT_DEFLECTED,  # bot: its answer resolved the question (new: {article_id, how, summary})
    EventType.RULE_APPLIED,  # automation: a rule's note, canned reply, survey, notice or webhook call
}


@transaction.atomic
def conversation_record_event(
    *,
    conversation: Conversation,
    actor: Any,
    type: str,
    old: Any = None,
    new: Any = None,
    **data: Any,
) -> ConversationEvent:
    """For other apps' facts that belong in the history (a survey sent in this conversation)."""
    if not is_system(actor):
        require(actor, Perm.CONVERSATION_VIEW)
    if type not in RECORDABLE_BY_OTHER_APPS:
        raise ApplicationError(_("This kind of event is written by its own action."), {"type": type})
    event = event_record(conversation, actor, type, old=old, new=new, **data)
    publish_changes(conversation, [event])
    return event


def record_customer_merge(source: Customer, target: Customer, actor: Any) -> None:
    """Registered with customers' merge: each moved conversation gets one `customer_changed` event."""
    old, new = {"id": source.pk, "name": source.name}, {"id": target.pk, "name": target.name}
    for conversation in Conversation.objects.filter(customer=source):
        publish_changes(
            conversation, [event_record(conversation, actor, EventType.CUSTOMER_CHANGED, old=old, new=new)]
        )
