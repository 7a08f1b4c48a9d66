"""Changes to a conversation: status, priority, team, assignee, tags, and the inbox's bulk actions.

One action, `conversation_update`, applies any set of changes: permission first, then every field is
validated before anything is written, then one transaction writes the row and one event per change. A
request with one bad field changes nothing. The `conversation_set_*` functions are the same action
for one field, kept for the callers that change one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team, User
from hamdel.conversations.events import ConversationResolved
from hamdel.conversations.models import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    Conversation,
    ConversationEvent,
    EventType,
    Priority,
    Status,
    Tag,
)
from hamdel.conversations.services._common import copy_into, lock
from hamdel.conversations.services.history import event_record, publish_changes
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, require

DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True)
class ConversationChanges:
    """What a person (or a rule) asks to change; None means "leave as it is"."""

    status: str | None = None
    priority: str | None = None
    # A row id as a number or as typed in a form (parsed and checked here); 0 unassigns / removes the team.
    assignee_id: int | str | None = None
    team_id: int | str | None = None
    round_robin: bool = False  # with a team: give it to the team's next available member
    tags: list[str] | None = None
    reason: str = ""


@dataclass
class _Plan:
    status: str | None = None
    priority: str | None = None
    assignee: User | None = None
    set_assignee: bool = False
    team: Team | None = None
    set_team: bool = False
    tags: list[str] | None = None
    errors: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)


def _fail(plan: _Plan, name: str, value: Any, code: str) -> None:
    plan.errors[name] = str(value)
    plan.codes.append(code)


def _as_id(value: Any) -> int | None:
    """A row id, or 0 for "none" (unassign, no team); None when it is no id at all."""
    return 0 if str(value).strip() == "0" else form_id(value)


def _validate(changes: ConversationChanges, actor: Any) -> _Plan:
    """Check every field before anything is written, and name every bad one in the one error."""
    plan = _Plan()
    if changes.status is not None:
        if changes.status in Status.values:
            plan.status = changes.status
        else:
            _fail(plan, "status", changes.status, "unknown_status")
    if changes.priority is not None:
        if changes.priority in Priority.values:
            plan.priority = changes.priority
        else:
            _fail(plan, "priority", changes.priority, "unknown_priority")
    if changes.team_id is not None:
        team_id = _as_id(changes.team_id)
        plan.set_team = True
        plan.team = Team.objects.filter(pk=team_id).first() if team_id else None
        if team_id is None or (team_id and plan.team is None):
            _fail(plan, "team_id", changes.team_id, "unknown_team")
    if changes.assignee_id is not None:
        assignee_id = _as_id(changes.assignee_id)
        plan.set_assignee = True
        plan.assignee = User.objects.filter(pk=assignee_id, is_active=True).first() if assignee_id else None
        if assignee_id is None or (assignee_id and plan.assignee is None):
            _fail(plan, "assignee_id", changes.assignee_id, "unknown_assignee")
    if changes.tags is not None:
        names = sorted({n.strip()[:60] for n in changes.tags if n and n.strip()})
        if not can(actor, Perm.TAG_CREATE):
            known = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
            unknown = [n for n in names if n not in known]
            if unknown:
                _fail(plan, "tags", "، ".join(unknown), "unknown_tag")
        plan.tags = names
    if plan.errors:
        messages = {
            "unknown_status": _("Unknown status."),
            "unknown_priority": _("Unknown priority."),
            "unknown_team": _("No such team."),
            "unknown_assignee": _("No such agent."),
            "unknown_tag": _("This tag does not exist; a team lead can create it."),
        }
        code = plan.codes[0] if len(plan.codes) == 1 else "invalid"
        message = (
            messages[code]
            if code in messages
            else _("Some of the changes are not valid; nothing was changed.")
        )
        raise ApplicationError(message, plan.errors, code=code)
    return plan


def _apply_status(conv: Conversation, status: str, actor: Any, now: Any) -> ConversationEvent | None:
    old = conv.status
    if old == status:
        return None
    conv.status = status
    if status == Status.RESOLVED:
        conv.resolved_at = now
    elif status == Status.CLOSED:
        conv.closed_at = now
        conv.resolved_at = conv.resolved_at or now
    elif old in DONE_STATUSES:
        conv.reopen_count += 1
        conv.resolved_at = None
        conv.closed_at = None
    kind = (
        EventType.REOPENED if old in DONE_STATUSES and status in OPEN_STATUSES else EventType.STATUS_CHANGED
    )
    return event_record(conv, actor, kind, old=old, new=status)


def person_ref(user: User | None) -> dict[str, Any] | None:
    return {"id": user.pk, "name": user.name} if user else None


def team_ref(team: Team | None) -> dict[str, Any] | None:
    return {"id": team.pk, "name": team.name} if team else None


def _apply_assignee(
    conv: Conversation, assignee: User | None, actor: Any, **data: Any
) -> ConversationEvent | None:
    if conv.assignee_id == (assignee.pk if assignee else None):
        return None
    old = person_ref(conv.assignee)
    conv.assignee = assignee
    return event_record(conv, actor, EventType.ASSIGNED, old=old, new=person_ref(assignee), **data)


@transaction.atomic
def conversation_update(
    *, conversation: Conversation, actor: Any, changes: ConversationChanges
) -> Conversation:
    """Apply a set of changes as one: permission, validation of all of them, one transaction, events."""
    require(actor, Perm.CONVERSATION_UPDATE)
    plan = _validate(changes, actor)
    conv = lock(conversation)
    now = timezone.now()
    events: list[ConversationEvent] = []

    def add(event: ConversationEvent | None) -> None:
        if event is not None:
            events.append(event)

    if plan.status is not None:
        add(_apply_status(conv, plan.status, actor, now))
    if plan.priority is not None and plan.priority != conv.priority:
        old, conv.priority = conv.priority, plan.priority
        extra = {"reason": changes.reason} if changes.reason else {}
        add(event_record(conv, actor, EventType.PRIORITY_CHANGED, old=old, new=plan.priority, **extra))
    why = {"reason": changes.reason} if changes.reason else {}  # e.g. the shield routing an abusive one
    if plan.set_team and conv.team_id != (plan.team.pk if plan.team else None):
        old_team, conv.team = team_ref(conv.team), plan.team
        add(event_record(conv, actor, EventType.TEAM_CHANGED, old=old_team, new=team_ref(plan.team), **why))
    if plan.set_assignee:
        add(_apply_assignee(conv, plan.assignee, actor, **why))
    elif plan.team is not None and changes.round_robin:
        agent = team_next_agent(team=plan.team)
        if agent is not None:
            add(_apply_assignee(conv, agent, actor, round_robin=True, **why))
    if plan.tags is not None:
        current = set(conv.tags.values_list("name", flat=True))
        wanted = set(plan.tags)
        if wanted != current:
            tags = [Tag.objects.get_or_create(name=n)[0] for n in sorted(wanted)]
            conv.tags.set(tags)
            events += [event_record(conv, actor, EventType.TAGGED, new=n) for n in sorted(wanted - current)]
            events += [event_record(conv, actor, EventType.UNTAGGED, old=n) for n in sorted(current - wanted)]
    if events:
        conv.save(
            update_fields=[
                "status",
                "resolved_at",
                "closed_at",
                "reopen_count",
                "priority",
                "team",
                "assignee",
                "updated_at",
            ]
        )
        if any(e.type == EventType.STATUS_CHANGED and e.new == Status.RESOLVED for e in events):
            publish(ConversationResolved(conversation_id=conv.pk))
        publish_changes(conv, events)
    copy_into(conv, conversation)
    return conv


def conversation_set_status(*, conversation: Conversation, status: str, actor: Any) -> Conversation:
    return conversation_update(
        conversation=conversation, actor=actor, changes=ConversationChanges(status=status)
    )


def conversation_set_priority(
    *, conversation: Conversation, priority: str, actor: Any, reason: str = ""
) -> Conversation:
    return conversation_update(
        conversation=conversation, actor=actor, changes=ConversationChanges(priority=priority, reason=reason)
    )


def conversation_raise_priority(*, conversation: Conversation, priority: str, reason: str) -> Conversation:
    """Raise (never lower) the priority, e.g. when analysis finds an urgent or abusive message."""
    if PRIORITY_RANK[Priority(priority)] <= PRIORITY_RANK[Priority(conversation.priority)]:
        return conversation
    return conversation_set_priority(conversation=conversation, priority=priority, actor=None, reason=reason)


def conversation_assign(*, conversation: Conversation, assignee: User | None, actor: Any) -> Conversation:
    return conversation_update(
        conversation=conversation,
        actor=actor,
        changes=ConversationChanges(assignee_id=assignee.pk if assignee else 0),
    )


def conversation_set_team(
    *, conversation: Conversation, team: Team | None, actor: Any, round_robin: bool = False
) -> Conversation:
    """Move to a team; with round_robin, also give it to the next available member of that team."""
    return conversation_update(
        conversation=conversation,
        actor=actor,
        changes=ConversationChanges(team_id=team.pk if team else 0, round_robin=round_robin),
    )


def conversation_set_tags(*, conversation: Conversation, names: list[str], actor: Any) -> Conversation:
    return conversation_update(
        conversation=conversation, actor=actor, changes=ConversationChanges(tags=names)
    )


def conversation_add_tag(*, conversation: Conversation, name: str, actor: Any) -> Conversation:
    names = [t.name for t in conversation.tags.all()] + [name]
    return conversation_set_tags(conversation=conversation, names=names, actor=actor)


@transaction.atomic
def team_next_agent(*, team: Team) -> User | None:
    """Round-robin among the team's available, active members, fairly across processes (row lock)."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    members = list(team.members.filter(is_active=True, is_available=True).order_by("pk"))
    if not members:
        return None
    last = team.last_assigned_id or 0
    agent = next((m for m in members if m.pk > last), members[0])
    team.last_assigned = agent
    team.save(update_fields=["last_assigned"])
    return agent


BULK_ACTIONS = ("assign", "close", "resolve", "tag")


@transaction.atomic
def conversations_bulk(
    *,
    ids: list[Any] | None = None,
    action: str,
    actor: Any,
    value: str = "",
    conversations: list[Conversation] | None = None,
) -> int:
    """One inbox bulk action on the selected conversations: all of them change, or none does."""
    require(actor, Perm.CONVERSATION_BULK)
    if ids is None:
        ids = [c.pk for c in conversations or []]
    if action not in BULK_ACTIONS:
        raise ApplicationError(_("Unknown bulk action."), {"action": action}, code="unknown_action")
    numbers = [_as_id(i) for i in ids]
    if not ids or any(n is None for n in numbers):
        raise ApplicationError(
            _("Select conversations by their ids."), {"ids": [str(i) for i in ids]}, code="invalid_ids"
        )
    wanted = {n for n in numbers if n is not None}
    conversations = list(Conversation.objects.filter(pk__in=wanted))
    missing = sorted(wanted - {c.pk for c in conversations})
    if missing:
        raise ApplicationError(
            _("Some conversations do not exist."), {"ids": missing}, code="not_found", status=404
        )
    if action == "close":
        changes = ConversationChanges(status=Status.CLOSED)
    elif action == "resolve":
        changes = ConversationChanges(status=Status.RESOLVED)
    elif action == "assign":
        changes = ConversationChanges(assignee_id=_as_id(value) if value else 0)
        if value and changes.assignee_id is None:
            raise ApplicationError(_("No such agent."), {"value": value}, code="unknown_assignee")
    else:
        if not value.strip():
            raise ApplicationError(_("Name the tag to add."), {"value": "required"}, code="required")
        changes = None
    for conv in conversations:
        if changes is None:
            names = [t.name for t in conv.tags.all()] + [value]
            conversation_update(conversation=conv, actor=actor, changes=ConversationChanges(tags=names))
        else:
            conversation_update(conversation=conv, actor=actor, changes=changes)
    return len(conversations)
