"""What a rule may say: its events, condition fields with their operators, and action types."""

from __future__ import annotations

from typing import Any

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
    "assign_team",  # value: a team id; "round_robin": true (default) also picks one of its available members
    "tag",  # value: a tag name that exists
    "set_priority",  # value: low, normal, high, urgent
    "set_status",  # value: a conversation status
    "add_note",  # value: the note's text
    "send_canned",  # value: a canned reply id; sent through the normal reply action (the outbox)
    "notify",  # value: {"to": "assignee" | "team" | "supervisors" | a user id, "text": "..."}
    "call_webhook",  # value: a webhook subscription id; one signed delivery of this conversation
)
NOTIFY_TO = ("assignee", "team", "supervisors")


def action_types() -> tuple[str, ...]:
    """The built-in action types, then those other apps registered in `core.slots` (send_survey…)."""
    from hamdel.core.slots import rule_actions

    return (*ACTIONS, *sorted(rule_actions()))


def event_catalogue_markdown() -> str:
    """The table in docs/automation.md, from the event declarations themselves (a test keeps them equal)."""
    import dataclasses

    from hamdel.core.events import declared

    by_public = {cls.public: cls for cls in declared().values() if cls.public in EVENTS}
    lines = ["| event | payload | about |", "|---|---|---|"]
    for public in EVENTS:
        cls = by_public[public]
        fields = ", ".join(
            f"`{f.name}`: {str(f.type).replace('|', chr(92) + '|')}" for f in dataclasses.fields(cls)
        )
        about = " ".join((cls.__doc__ or "").split()) if cls.__doc__ != _dataclass_doc(cls) else ""
        lines.append(f"| `{public}` | {fields} | {about} |")
    lines.append(f"| `{PENDING}` | (scheduler, every 10 minutes) | a pending conversation; rules only |")
    return "\n".join(lines) + "\n"


def _dataclass_doc(cls: type) -> str:
    """The docstring @dataclass writes when a class has none (its signature), which says nothing."""
    import inspect

    return cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")


def labels() -> dict[str, dict[str, Any]]:
    """Persian (lazy) names for the rule form: events, fields, operators, built-in actions."""
    from django.utils.translation import gettext_lazy as _

    from hamdel.automation.webhooks.catalogue import event_label
    from hamdel.core.slots import rule_actions

    return {
        "events": {public: event_label(public) for public in EVENTS}
        | {PENDING: _("A conversation has been pending (time-based)")},
        "fields": {
            "channel": _("Channel"),
            "inbox": _("Inbox"),
            "text": _("Message text"),
            "intent": _("Intent"),
            "sentiment": _("Sentiment"),
            "emotion": _("Emotion"),
            "priority": _("Priority"),
            "tags": _("Tags"),
            "customer_tag": _("Customer tag"),
            "business_hours": _("During business hours"),
            "pending_business_hours": _("Pending for business hours"),
        },
        "ops": {
            "is": _("is"),
            "is_not": _("is not"),
            "in": _("is one of"),
            "contains": _("contains"),
            "not_contains": _("does not contain"),
            "has": _("has"),
            "has_not": _("does not have"),
            "gte": _("at least"),
        },
        "actions": {
            "assign_agent": _("Assign to an agent"),
            "assign_team": _("Assign to a team"),
            "tag": _("Add a tag"),
            "set_priority": _("Set the priority"),
            "set_status": _("Set the status"),
            "add_note": _("Add a note"),
            "send_canned": _("Send a canned reply"),
            "notify": _("Notify"),
            "call_webhook": _("Call a webhook"),
        }
        | {kind: action.label for kind, action in rule_actions().items()},
    }
