"""SLA actions: policies (create, change, reorder) and the clocks, kept from the conversation events.

Policies are set-up (SLA_MANAGE). The clock actions are Hamdel's own work, run by listeners and the periodic
check as SYSTEM; they still call `require` so a person's key can never drive them. A clock only moves forward
from what happened (`at` of the message or the event), so a late listener still counts the right minutes.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import Role, Team, User
from hamdel.conversations.models import (
    Conversation,
    ConversationEvent,
    Direction,
    EventType,
    Message,
    MessageKind,
    Priority,
    Status,
)
from hamdel.conversations.services import (
    ConversationChanges,
    conversation_raise_priority,
    conversation_record_event,
    conversation_update,
    note_add,
)
from hamdel.core import channels
from hamdel.core.audit import audit
from hamdel.core.calendar import BusinessCalendar, calendar_get
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.http import MAX_ID
from hamdel.core.models import Calendar
from hamdel.core.permissions import SYSTEM, Perm, require
from hamdel.policies.sla.events import SlaBreached, SlaPoliciesChanged, SlaWarning
from hamdel.policies.sla.models import ClockState, SlaClock, SlaPolicy, Target, TimeBasis
from hamdel.policies.sla.selectors import enabled_policies, policy_for

TARGETS = (Target.FIRST_RESPONSE, Target.NEXT_RESPONSE, Target.RESOLUTION)
DONE = (Status.RESOLVED, Status.CLOSED)
MAX_MINUTES = 525_600  # a year

# --- policies --------------------------------------------------------------------------------------------

# The fields an action accepts (the API's nested names are flattened by the API handler).
POLICY_FIELDS = (
    "name",
    "order",
    "enabled",
    "priorities",
    "channels",
    "team_ids",
    "customer_tags",
    "no_sla",
    "first_response_minutes",
    "next_response_minutes",
    "resolution_minutes",
    "basis",
    "calendar_id",
    "pause_statuses",
    "warning_percent",
    "escalate_notify",
    "escalate_notify_user_id",
    "escalate_priority",
    "escalate_team_id",
    "escalate_assignee_id",
)


def _calendar_exists(pk: int) -> bool:
    return Calendar.objects.filter(pk=pk).exists()


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) <= MAX_ID else None
    text = str(value).strip()  # isdecimal: Persian digits yes, «²» no; 18 digits always fit the database
    return int(text) if text.isdecimal() and len(text) <= 18 else None


def _clean_policy(data: dict[str, Any], policy: SlaPolicy | None) -> dict[str, Any]:
    """Every field checked before anything is written; one error names every bad field."""
    unknown = sorted(set(data) - set(POLICY_FIELDS))
    errors: list[dict[str, str]] = [{"field": k, "message": _("Unknown field.")} for k in unknown]
    clean: dict[str, Any] = {}

    def bad(field: str, message: str) -> None:
        errors.append({"field": field, "message": message})

    if "name" in data or policy is None:
        name = " ".join(str(data.get("name") or "").split())[:120]
        if not name:
            bad("name", _("Give the policy a name."))
        elif SlaPolicy.objects.filter(name=name).exclude(pk=policy.pk if policy else 0).exists():
            bad("name", _("Another policy has this name."))
        clean["name"] = name
    for field in ("order",):
        if field in data:
            number = _as_int(data[field])
            if number is None or number < 0:
                bad(field, _("Enter a whole number, zero or more."))
            clean[field] = number
    for field in ("enabled", "no_sla", "escalate_notify"):
        if field in data:
            if not isinstance(data[field], bool):
                bad(field, _("Enter true or false."))
            clean[field] = bool(data[field])
    choice_lists = {
        "priorities": (Priority.values, _("Unknown priority: %(v)s")),
        "channels": (channels.names(), _("Unknown channel: %(v)s")),
        "pause_statuses": (
            [s for s in Status.values if s not in DONE],
            _("This status cannot pause the clock: %(v)s"),
        ),
    }
    for field, (allowed, message) in choice_lists.items():
        if field in data:
            values = data[field] or []
            if not isinstance(values, list):
                bad(field, _("Enter a list."))
                continue
            wrong = [str(v) for v in values if v not in allowed]
            if wrong:
                bad(field, message % {"v": "، ".join(wrong)})
            clean[field] = sorted({str(v) for v in values})
    if "team_ids" in data:
        ids = [_as_int(v) for v in data["team_ids"] or []]
        known = set(Team.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", flat=True))
        if any(i is None or i not in known for i in ids):
            bad("team_ids", _("No such team."))
        clean["team_ids"] = sorted({i for i in ids if i})
    if "customer_tags" in data:
        tags = data["customer_tags"] or []
        if not isinstance(tags, list):
            bad("customer_tags", _("Enter a list."))
        else:
            clean["customer_tags"] = sorted({str(t).strip()[:60] for t in tags if str(t).strip()})
    for field in ("first_response_minutes", "next_response_minutes", "resolution_minutes"):
        if field in data:
            value = data[field]
            if value is None or value == "":
                clean[field] = None
                continue
            number = _as_int(value)
            if number is None or not 1 <= number <= MAX_MINUTES:
                bad(field, _("Enter minutes between 1 and 525600."))
            clean[field] = number
    if "basis" in data:
        if data["basis"] not in TimeBasis.values:
            bad("basis", _("Count in business or calendar minutes."))
        clean["basis"] = data["basis"]
    if "calendar_id" in data:
        cal = data["calendar_id"]
        if cal in (None, "", 0):
            clean["calendar_id"] = None
        else:
            number = _as_int(cal)
            if number is None or not _calendar_exists(number):
                bad("calendar_id", _("No such business calendar."))
            clean["calendar_id"] = number
    if "warning_percent" in data:
        number = _as_int(data["warning_percent"])
        if number is None or not 1 <= number <= 99:
            bad("warning_percent", _("Warn at a percentage between 1 and 99."))
        clean["warning_percent"] = number
    if "escalate_priority" in data:
        value = data["escalate_priority"] or ""
        if value and value not in Priority.values:
            bad("escalate_priority", _("Unknown priority: %(v)s") % {"v": value})
        clean["escalate_priority"] = value
    people = {"escalate_notify_user_id": None, "escalate_assignee_id": None}
    for field in people:
        if field in data:
            value = data[field]
            if value in (None, "", 0):
                clean[field] = None
                continue
            number = _as_int(value)
            if number is None or not User.objects.filter(pk=number, is_active=True).exists():
                bad(field, _("No such staff member."))
            clean[field] = number
    if "escalate_team_id" in data:
        value = data["escalate_team_id"]
        number = None if value in (None, "", 0) else _as_int(value)
        if value not in (None, "", 0) and (number is None or not Team.objects.filter(pk=number).exists()):
            bad("escalate_team_id", _("No such team."))
        clean["escalate_team_id"] = number

    def final(field: str) -> Any:
        return clean[field] if field in clean else getattr(policy, field, None)

    targets = ("first_response_minutes", "next_response_minutes", "resolution_minutes")
    if not final("no_sla") and not any(final(t) for t in targets) and not errors:
        bad("first_response_minutes", _("Set at least one target, or mark the policy as «no SLA»."))
    if errors:
        message = (
            errors[0]["message"] if len(errors) == 1 else _("Some fields are not valid; nothing was saved.")
        )
        raise ApplicationError(
            message, {"errors": errors, **{e["field"]: e["message"] for e in errors}}, code="invalid"
        )
    return clean


@transaction.atomic
def sla_policy_create(*, actor: Any, data: dict[str, Any]) -> SlaPolicy:
    require(actor, Perm.SLA_MANAGE)
    clean = _clean_policy(data, None)
    if "order" not in clean or clean["order"] is None:
        last = SlaPolicy.objects.order_by("-order").values_list("order", flat=True).first()
        clean["order"] = (last or 0) + 10
    policy = SlaPolicy.objects.create(**clean)
    audit(actor=actor, action="sla_policy.create", target=policy.name, fields=sorted(clean))
    _rematch_later()
    return policy


@transaction.atomic
def sla_policy_update(*, actor: Any, policy: SlaPolicy, data: dict[str, Any]) -> SlaPolicy:
    require(actor, Perm.SLA_MANAGE)
    clean = _clean_policy(data, policy)
    policy = SlaPolicy.objects.select_for_update(of=("self",)).get(pk=policy.pk)
    for field, value in clean.items():
        setattr(policy, field, value)
    policy.save()
    audit(actor=actor, action="sla_policy.update", target=policy.name, fields=sorted(clean))
    _rematch_later()
    return policy


@transaction.atomic
def sla_policies_reorder(*, actor: Any, ids: list[Any]) -> list[SlaPolicy]:
    """The policies in the order given (first match wins); the list must name every policy once."""
    require(actor, Perm.SLA_MANAGE)
    parsed = [_as_int(i) for i in ids]
    numbers = [n for n in parsed if n is not None]
    existing = set(SlaPolicy.objects.values_list("pk", flat=True))
    if len(numbers) != len(parsed) or len(set(numbers)) != len(numbers) or set(numbers) != existing:
        raise ApplicationError(
            _("List every policy exactly once."), {"ids": [str(i) for i in ids]}, code="invalid_ids"
        )
    for position, pk in enumerate(numbers):
        SlaPolicy.objects.filter(pk=pk).update(order=(position + 1) * 10)
    audit(actor=actor, action="sla_policy.reorder", target="", ids=numbers)
    _rematch_later()
    return list(SlaPolicy.objects.all())


def _rematch_later() -> None:
    publish(SlaPoliciesChanged())


# --- the clock ------------------------------------------------------------------------------------------


def _calendar(policy: SlaPolicy) -> BusinessCalendar:
    """The policy's business calendar, read once per action (calendar_get checks the rows on every call)."""
    cal: BusinessCalendar | None = policy.__dict__.get("_business_calendar")
    if cal is None:
        cal = calendar_get(policy.calendar_id)
        policy.__dict__["_business_calendar"] = cal
    return cal


def _elapsed(policy: SlaPolicy, start: dt.datetime, end: dt.datetime) -> float:
    if end <= start:
        return 0.0
    if policy.basis == TimeBasis.CALENDAR:
        return (end - start).total_seconds() / 60
    return _calendar(policy).seconds_between(start, end) / 60


def _add(policy: SlaPolicy, start: dt.datetime, minutes: float) -> dt.datetime:
    whole = max(0, math.ceil(minutes - 1e-9))
    if policy.basis == TimeBasis.CALENDAR:
        return start + dt.timedelta(minutes=whole)
    due: dt.datetime = _calendar(policy).add(start, whole)
    return due


def _used(clock: SlaClock, target: str) -> float:
    return float(getattr(clock, f"{target}_used"))


def _running(clock: SlaClock, policy: SlaPolicy | None, target: str) -> bool:
    """The target applies and is not finished (next response: only while a customer waits for an answer)."""
    if policy is None or not policy.target_minutes(target):
        return False
    if getattr(clock, f"{target}_met") is not None:
        return False
    return target != Target.NEXT_RESPONSE or clock.awaiting_next_since is not None


def _settle(clock: SlaClock, at: dt.datetime) -> None:
    """Add the minutes counted since `running_since` to every running target, up to `at`."""
    policy = clock.policy
    if clock.running_since is None or policy is None or at <= clock.running_since:
        return
    minutes = _elapsed(policy, clock.running_since, at)
    for target in TARGETS:
        if _running(clock, policy, target):
            setattr(clock, f"{target}_used", _used(clock, target) + minutes)
    clock.running_since = at


def _finish(clock: SlaClock, target: str) -> None:
    """The answer or the resolution came: on time when the used minutes fit the target."""
    policy = clock.policy
    if _running(clock, policy, target) and policy is not None:
        limit = policy.target_minutes(target) or 0
        setattr(clock, f"{target}_met", _used(clock, target) <= limit + 1e-6)


def _apply_status(clock: SlaClock, status: str, at: dt.datetime) -> None:
    """Run, pause or stop the clock for the conversation's status (call after `_settle`)."""
    policy = clock.policy
    pause = set(policy.pause_statuses if policy else [])
    if status in DONE:
        _finish(clock, Target.RESOLUTION)
        clock.running_since = None
        clock.paused_since = None
        clock.awaiting_next_since = None
    elif status in pause:
        clock.running_since = None
        clock.paused_since = clock.paused_since or at
    else:
        clock.paused_since = None
        clock.running_since = clock.running_since or at


def _recompute(clock: SlaClock, now: dt.datetime) -> None:
    """Due moments, state, the nearest due (the inbox's sort key) and when the check must look again."""
    policy = clock.policy
    dues: dict[str, dt.datetime | None] = dict.fromkeys(TARGETS)
    check: list[dt.datetime] = []
    used_now: dict[str, float] = {}
    if policy is not None and clock.running_since is not None:
        extra = _elapsed(policy, clock.running_since, now)
        for target in TARGETS:
            if not _running(clock, policy, target):
                continue
            limit = policy.target_minutes(target) or 0
            used = _used(clock, target)
            used_now[target] = used + extra
            before = getattr(clock, f"{target}_due")
            if used >= limit and before is not None and before <= clock.running_since:
                due = before  # already overdue when it last ran: keep the moment it fell due
            else:
                due = _add(policy, clock.running_since, limit - used)
            dues[target] = due
            if f"{target}.breached" not in clock.alerts:
                check.append(due)
            if f"{target}.warning" not in clock.alerts and f"{target}.breached" not in clock.alerts:
                check.append(_add(policy, clock.running_since, limit * policy.warning_percent / 100 - used))
    for target in TARGETS:
        setattr(clock, f"{target}_due", dues[target])
    running = [d for d in dues.values() if d is not None]
    clock.next_due = min(running) if running else None
    clock.check_at = min(check) if check else None
    if policy is None:
        clock.state = ClockState.OK
    elif clock.paused_since is not None:
        clock.state = ClockState.PAUSED
    elif running:
        if any(d <= now for d in running):
            clock.state = ClockState.BREACHED
        elif any(
            used_now[t] >= (policy.target_minutes(t) or 0) * policy.warning_percent / 100 for t in used_now
        ):
            clock.state = ClockState.WARNING
        else:
            clock.state = ClockState.OK
    else:
        missed = any(getattr(clock, f"{t}_met") is False for t in TARGETS)
        clock.state = ClockState.BREACHED if missed else ClockState.MET


def _rematch(clock: SlaClock, conversation: Conversation, at: dt.datetime) -> None:
    """Choose the policy again (priority, team, customer changed); the minutes already used are kept."""
    _settle(clock, at)
    policy = policy_for(conversation)
    if (policy.pk if policy else None) == clock.policy_id:
        return
    clock.policy = policy
    if conversation.status not in DONE:
        _apply_status(clock, conversation.status, at)  # the new policy may pause on other statuses


def _clock_for(conversation: Conversation, *, quiet: bool = False) -> SlaClock:
    """The conversation's clock, locked; made from its history when it has none yet."""
    clock = (
        SlaClock.objects.select_for_update(of=("self",))
        .select_related("policy")
        .filter(conversation=conversation)
        .first()
    )
    if clock is not None:
        return clock
    clock = _replay(conversation, quiet=quiet)
    try:
        with transaction.atomic():
            clock.save()
    except IntegrityError:  # another worker made it first: use theirs
        return (
            SlaClock.objects.select_for_update(of=("self",))
            .select_related("policy")
            .get(conversation=conversation)
        )
    return clock


def _save(clock: SlaClock, now: dt.datetime | None = None) -> SlaClock:
    _recompute(clock, now or timezone.now())
    clock.save()
    return clock


@transaction.atomic
def sla_clock_start(*, conversation_id: int, actor: Any = SYSTEM) -> SlaClock | None:
    """A conversation was created: its clock starts at the conversation's first moment."""
    require(actor, Perm.SLA_MANAGE)
    conversation = Conversation.objects.select_related("customer").filter(pk=conversation_id).first()
    if conversation is None:
        return None
    return _save(_clock_for(conversation))


@transaction.atomic
def sla_clock_message(*, message_id: int, actor: Any = SYSTEM) -> SlaClock | None:
    """A customer message starts the wait for the next answer; an agent's answer meets the response target."""
    require(actor, Perm.SLA_MANAGE)
    message = Message.objects.select_related("conversation__customer").filter(pk=message_id).first()
    if message is None or message.kind != MessageKind.MESSAGE:
        return None
    clock = _clock_for(message.conversation)
    _clock_message(clock, message)
    return _save(clock)


def _clock_message(clock: SlaClock, message: Message) -> None:
    """What one message does to its conversation's clock (in memory; the caller saves)."""
    at = message.created_at
    if message.direction == Direction.INBOUND:
        answered_before = clock.first_response_met is not None
        if answered_before and clock.awaiting_next_since is None and message.conversation.status not in DONE:
            _settle(clock, at)
            clock.awaiting_next_since = at
            clock.next_response_used = 0
            clock.next_response_met = None
            clock.alerts = [a for a in clock.alerts if not a.startswith(Target.NEXT_RESPONSE)]
    elif message.direction == Direction.OUTBOUND and message.author_id is not None:
        _settle(clock, at)
        _finish(clock, Target.FIRST_RESPONSE)
        if clock.awaiting_next_since is not None:
            _finish(clock, Target.NEXT_RESPONSE)
            clock.awaiting_next_since = None


# --- batch forms (a worker draining a backlog, core/drain.py; issue 11) ------------------------------------
# The same work as the one-by-one actions, set-wise: the rows read in a few queries for the whole batch, one
# transaction, each clock saved once. Applied in the order given, each step recomputed as the one-by-one
# path would, so both end identical (tests/policies/test_sla_batch.py).


def _clocks_for(conversations: list[Conversation]) -> dict[int, SlaClock]:
    """The clocks of these conversations, locked; the missing ones made from their history (as `_clock_for`)
    with the policies, messages and status events read once for all of them."""
    ids = [c.pk for c in conversations]
    clocks = {
        clock.conversation_id: clock
        for clock in SlaClock.objects.select_for_update(of=("self",))
        .select_related("policy")
        .filter(conversation_id__in=ids)
        .order_by("conversation_id")  # locks in id order, as ingest does: two workers queue, not deadlock
    }
    missing = [c for c in conversations if c.pk not in clocks]
    if not missing:
        return clocks
    policies = enabled_policies()
    history: dict[int, tuple[list[Message], list[ConversationEvent]]] = {c.pk: ([], []) for c in missing}
    for message in Message.objects.filter(conversation_id__in=history, kind=MessageKind.MESSAGE):
        history[message.conversation_id][0].append(message)
    for event in ConversationEvent.objects.filter(
        conversation_id__in=history, type__in=(EventType.STATUS_CHANGED, EventType.REOPENED)
    ):
        history[event.conversation_id][1].append(event)
    for conversation in missing:
        clock = _replay(conversation, quiet=False, policies=policies, history=history[conversation.pk])
        try:
            with transaction.atomic():
                clock.save()
        except IntegrityError:  # another worker made it first: use theirs
            clock = (
                SlaClock.objects.select_for_update(of=("self",))
                .select_related("policy")
                .get(conversation=conversation)
            )
        clocks[conversation.pk] = clock
    return clocks


@transaction.atomic
def sla_clocks_start(*, conversation_ids: list[int], actor: Any = SYSTEM) -> list[SlaClock]:
    """`sla_clock_start` for many conversations at once."""
    require(actor, Perm.SLA_MANAGE)
    conversations = list(
        Conversation.objects.select_related("customer").filter(pk__in=conversation_ids).order_by("pk")
    )
    clocks = _clocks_for(conversations)
    return [_save(clocks[c.pk]) for c in conversations]


@transaction.atomic
def sla_clocks_messages(*, message_ids: list[int], actor: Any = SYSTEM) -> list[SlaClock]:
    """`sla_clock_message` for many messages at once, in the order given (the order they were published)."""
    require(actor, Perm.SLA_MANAGE)
    found = {
        m.pk: m
        for m in Message.objects.select_related("conversation__customer").filter(
            pk__in=message_ids, kind=MessageKind.MESSAGE
        )
    }
    messages = [found[pk] for pk in dict.fromkeys(message_ids) if pk in found]
    if not messages:
        return []
    conversations: dict[int, Conversation] = {}
    for message in messages:  # one object per conversation, shared by its messages
        message.conversation = conversations.setdefault(message.conversation_id, message.conversation)
    clocks = _clocks_for(list(conversations.values()))
    now = timezone.now()
    for message in messages:
        clock = clocks[message.conversation_id]
        _clock_message(clock, message)
        _recompute(clock, now)  # each step as the one-by-one path saves it (due moments build on the last)
    for clock in clocks.values():
        clock.save()
    return list(clocks.values())


CLOCK_EVENTS = {
    EventType.STATUS_CHANGED,
    EventType.REOPENED,
    EventType.PRIORITY_CHANGED,
    EventType.TEAM_CHANGED,
    EventType.CUSTOMER_CHANGED,
}


@transaction.atomic
def sla_clock_changes(*, conversation_id: int, event_ids: list[int], actor: Any = SYSTEM) -> SlaClock | None:
    """Status changes run, pause or stop the clock; priority, team or customer changes choose the policy."""
    require(actor, Perm.SLA_MANAGE)
    events = list(
        ConversationEvent.objects.filter(
            pk__in=event_ids, conversation_id=conversation_id, type__in=CLOCK_EVENTS
        ).order_by("at", "id")
    )
    if not events:
        return None
    conversation = Conversation.objects.select_related("customer").get(pk=conversation_id)
    clock = _clock_for(conversation)
    rematch_at = None
    for event in events:
        if event.type in (EventType.STATUS_CHANGED, EventType.REOPENED):
            _settle(clock, event.at)
            if event.type == EventType.REOPENED or (event.old in DONE and event.new not in DONE):
                clock.resolution_met = None  # reopened: the resolution clock goes on from the minutes used
            _apply_status(clock, str(event.new), event.at)
        else:
            rematch_at = event.at
    if rematch_at is not None:
        _rematch(clock, conversation, rematch_at)
    return _save(clock)


def _replay(
    conversation: Conversation,
    *,
    quiet: bool,
    policies: list[SlaPolicy] | None = None,
    history: tuple[list[Message], list[ConversationEvent]] | None = None,
) -> SlaClock:
    """A clock made from the conversation's messages and status history (unsaved).

    `quiet`: warnings and breaches already past are taken as sent, so a policy that newly applies to old
    conversations (or a rebuild) does not flood their histories.
    """
    clock = SlaClock(conversation=conversation, policy=policy_for(conversation, policies))
    clock.running_since = conversation.created_at
    if history is None:
        history = (
            list(Message.objects.filter(conversation=conversation, kind=MessageKind.MESSAGE)),
            list(
                ConversationEvent.objects.filter(
                    conversation=conversation, type__in=(EventType.STATUS_CHANGED, EventType.REOPENED)
                )
            ),
        )
    steps: list[tuple[dt.datetime, int, Any]] = []
    for message in history[0]:
        steps.append((message.created_at, 0, message))
    for event in history[1]:
        steps.append((event.at, 1, event))
    steps.sort(key=lambda s: (s[0], s[1]))
    for at, _kind, item in steps:
        _settle(clock, at)
        _recompute(clock, at)  # each due moment as it stood then, so an old breach keeps its moment
        if isinstance(item, Message):
            if item.direction == Direction.INBOUND and clock.first_response_met is not None:
                if clock.awaiting_next_since is None:
                    clock.awaiting_next_since, clock.next_response_used, clock.next_response_met = at, 0, None
            elif item.direction == Direction.OUTBOUND and item.author_id is not None:
                _finish(clock, Target.FIRST_RESPONSE)
                if clock.awaiting_next_since is not None:
                    _finish(clock, Target.NEXT_RESPONSE)
                    clock.awaiting_next_since = None
        else:
            if item.old in DONE and item.new not in DONE:
                clock.resolution_met = None
            _apply_status(clock, str(item.new), at)
    now = timezone.now()
    if conversation.status in DONE and clock.resolution_met is None:
        _settle(clock, conversation.resolved_at or now)
        _apply_status(clock, conversation.status, conversation.resolved_at or now)
    elif conversation.status not in DONE:
        _apply_status(clock, Status.OPEN if conversation.status == Status.NEW else conversation.status, now)
    _recompute(clock, now)
    if quiet:
        _quiet(clock, now)
    return clock


def _quiet(clock: SlaClock, now: dt.datetime) -> None:
    """Take the warnings and breaches of targets already past as sent (call after `_recompute`)."""
    past = [
        t for t in TARGETS if getattr(clock, f"{t}_due") is not None and getattr(clock, f"{t}_due") <= now
    ]
    clock.alerts = sorted({*clock.alerts, *(f"{t}.{kind}" for t in past for kind in ("warning", "breached"))})


@transaction.atomic
def sla_clock_rebuild(*, conversation: Conversation, actor: Any = SYSTEM) -> SlaClock:
    """Replay a conversation's messages and status history into a fresh clock (existing data, demo)."""
    require(actor, Perm.SLA_MANAGE)
    SlaClock.objects.filter(conversation=conversation).delete()
    return _save(_replay(conversation, quiet=True))


@transaction.atomic
def sla_clock_rematch(*, conversation: Conversation, actor: Any = SYSTEM) -> SlaClock:
    """Policies changed: choose this open conversation's policy again, keeping the minutes used."""
    require(actor, Perm.SLA_MANAGE)
    clock = _clock_for(conversation, quiet=True)
    now = timezone.now()
    _rematch(clock, conversation, now)
    _recompute(clock, now)
    _quiet(clock, now)  # a set-up change does not announce breaches after the fact
    return _save(clock, now)


# --- the periodic check: warnings, breaches, escalation -----------------------------------------------------


def _alert(clock: SlaClock, target: str, kind: str) -> None:
    policy = clock.policy
    assert policy is not None
    due = getattr(clock, f"{target}_due")
    clock.alerts = [*clock.alerts, f"{target}.{kind}"]
    event_cls = SlaWarning if kind == "warning" else SlaBreached
    publish(
        event_cls(
            conversation_id=clock.conversation_id, policy_id=policy.pk, target=target, due=due.isoformat()
        )
    )
    conversation_record_event(
        conversation=clock.conversation,
        actor=SYSTEM,
        type=EventType.SLA_WARNING if kind == "warning" else EventType.SLA_BREACHED,
        new={
            "target": target,
            "policy": {"id": policy.pk, "name": policy.name},
            "due": due.isoformat(),
            # copied at write time, like the names in the history: «First response, policy «Urgent»»
            "summary": _("%(target)s, policy «%(policy)s»")
            % {"target": Target(target).label, "policy": policy.name},
        },
    )


def _supervisors(policy: SlaPolicy) -> list[User]:
    if policy.escalate_notify_user_id:
        return [u for u in [policy.escalate_notify_user] if u is not None and u.is_active]
    return list(User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("pk"))


def _escalate(clock: SlaClock, target: str) -> None:
    """On a breach: notify the supervisor, raise the priority, reassign: each only when the policy says so."""
    policy = clock.policy
    assert policy is not None
    conversation = Conversation.objects.get(pk=clock.conversation_id)
    label = Target(target).label
    if policy.escalate_notify:
        people = _supervisors(policy)
        if people:
            names = "، ".join(f"@{u.username}" for u in people)
            note_add(
                conversation=conversation,
                author=None,
                text=_("%(people)s: the SLA target «%(target)s» of policy «%(policy)s» was breached.")
                % {"people": names, "target": label, "policy": policy.name},
            )
            conversation_record_event(
                conversation=conversation,
                actor=SYSTEM,
                type=EventType.SLA_ESCALATED,
                new={
                    "notified": [{"id": u.pk, "name": u.name} for u in people],
                    "target": target,
                    "summary": _("%(people)s notified") % {"people": "، ".join(u.name for u in people)},
                },
            )
    if policy.escalate_priority:
        conversation = conversation_raise_priority(
            conversation=conversation,
            priority=policy.escalate_priority,
            reason=_("SLA breached: %(target)s") % {"target": label},
        )
    if policy.escalate_team_id or policy.escalate_assignee_id:
        changes = ConversationChanges(
            team_id=policy.escalate_team_id,
            assignee_id=policy.escalate_assignee_id,
            round_robin=policy.escalate_assignee_id is None,
        )
        conversation_update(conversation=conversation, actor=SYSTEM, changes=changes)


@transaction.atomic
def sla_clock_check(*, clock_id: int, actor: Any = SYSTEM, now: dt.datetime | None = None) -> SlaClock | None:
    """Bring one clock up to now: publish each warning and breach once, run the breach's escalations."""
    require(actor, Perm.SLA_MANAGE)
    clock = (
        SlaClock.objects.select_for_update(of=("self",))
        .select_related("policy", "conversation")
        .filter(pk=clock_id)
        .first()
    )
    if clock is None or clock.policy is None:
        return clock
    now = now or timezone.now()
    _recompute(clock, now)
    policy = clock.policy
    breached = []
    if clock.running_since is not None:
        extra = _elapsed(policy, clock.running_since, now)
        for target in TARGETS:
            due = getattr(clock, f"{target}_due")
            if due is None:
                continue
            limit = policy.target_minutes(target) or 0
            if due <= now and f"{target}.breached" not in clock.alerts:
                if f"{target}.warning" not in clock.alerts:
                    clock.alerts = [*clock.alerts, f"{target}.warning"]  # past the warning already: no noise
                _alert(clock, target, "breached")
                breached.append(target)
            elif (
                f"{target}.warning" not in clock.alerts
                and f"{target}.breached" not in clock.alerts
                and _used(clock, target) + extra >= limit * policy.warning_percent / 100
            ):
                _alert(clock, target, "warning")
    _save(clock, now)
    for target in breached:
        _escalate(clock, target)
    return clock
