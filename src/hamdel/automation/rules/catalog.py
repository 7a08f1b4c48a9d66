"""What a rule may say: its events, condition fields with their operators, and action types."""

from __future__ import annotations

# The public event names rules (and webhooks) listen to; each is declared on the typed event bus.
EVENTS = (
    "message.received",
    "conversation.created",
    "conversation.updated",
    "conversation.resolved",
    "sla.warning",
    "sla.breached",
    "survey.answered",
    "promise.due",
)
# Time-based: not on the bus; the scheduler looks every 10 minutes at pending conversations.
PENDING = "conversation.pending"
RULE_EVENTS = (*EVENTS, PENDING)

# field → the operators it accepts
FIELDS: dict[str, tuple[str, ...]] = {
    "channel": ("is", "is_not", "in"),
    "inbox": ("is", "is_not", "in"),
    "text": ("contains", "not_contains"),
    "intent": ("is", "is_not", "in"),
    "sentiment": ("is", "is_not", "in"),
    "emotion": ("is", "is_not", "in"),
    "priority": ("is", "is_not", "in"),
    "tags": ("has", "has_not"),
    "customer_tag": ("has", "has_not"),
    "business_hours": ("is",),
    # only with the conversation.pending event: business hours (the calendar's) since it became pending
    "pending_business_hours": ("gte",),
}

ACTIONS = (
    "assign_agent",  # value: a user id
    "assign_team",  # value: a team id; round-robin among its available members
    "tag",  # value: a tag name that exists
    "set_priority",  # value: low, normal, high, urgent
    "set_status",  # value: a conversation status
    "add_note",  # value: the note's text
    "send_canned",  # value: a canned reply id; sent through the normal reply action (the outbox)
)
