"""The runner: on each typed event, the enabled rules for it, in order, act as `RuleActor` through the
conversations' own actions. Listeners are registered by public name in wiring.ready().

Loop guard: (1) a `conversation.updated` whose changes were all made by rules does not run rules again;
(2) at most `HAMDEL_RULE_ACTIONS_PER_MINUTE` (default 10) rule actions per conversation per minute.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.accounts.models import Role, User
from hamdel.automation.rules.catalog import PENDING
from hamdel.automation.rules.evaluate import conditions_hold, facts_for
from hamdel.automation.rules.models import Rule, RuleRun
from hamdel.automation.rules.services import problem_text, references_problems, rule_disable
from hamdel.conversations.models import (
    ActorKind,
    CannedReply,
    Conversation,
    ConversationEvent,
    Direction,
    EventType,
    Message,
    Status,
)
from hamdel.conversations.services import (
    ConversationChanges,
    conversation_record_event,
    conversation_update,
    note_add,
    render_canned,
    reply,
)
from hamdel.core.calendar import calendar_get
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import SYSTEM, RuleActor
from hamdel.core.slots import rule_actions

logger = logging.getLogger(__name__)


def actions_per_minute() -> int:
    return int(getattr(settings, "HAMDEL_RULE_ACTIONS_PER_MINUTE", 10))


def _budget_left(conversation_id: int, now: dt.datetime) -> int:
    used = RuleRun.objects.filter(
        conversation_id=conversation_id, created_at__gte=now - dt.timedelta(minutes=1)
    ).count()
    return actions_per_minute() - used


def _apply(action: dict[str, Any], conversation: Conversation, actor: RuleActor, event: str) -> None:
    """One rule action through the same action a person's request goes through.

    Changes of the conversation itself (assign, tag, priority, status) are its own history rows, made by
    the rule; every other action (a note, a canned reply, a survey, a notice, a webhook call) is recorded as
    one `rule_applied` row naming the rule and what it did.
    """
    kind, value = action["type"], action["value"]
    changes: ConversationChanges | None = None
    if kind == "assign_agent":
        changes = ConversationChanges(assignee_id=value)
    elif kind == "assign_team":
        changes = ConversationChanges(team_id=value, round_robin=action.get("round_robin", True) is not False)
    elif kind == "tag":
        names = sorted(set(conversation.tags.values_list("name", flat=True)) | {str(value)})
        changes = ConversationChanges(tags=names)
    elif kind == "set_priority":
        changes = ConversationChanges(priority=str(value), reason=actor.name)
    elif kind == "set_status":
        changes = ConversationChanges(status=str(value))
    if changes is not None:
        conversation_update(conversation=conversation, actor=actor, changes=changes)
        return
    with translation.override(settings.LANGUAGE_CODE):  # the history is written in the site's language
        summary = _ACTS[kind](value, conversation, actor, event) if kind in _ACTS else _extra(kind, value)
        if kind not in _ACTS:
            rule_actions()[kind].run(actor, conversation, value)
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        type=EventType.RULE_APPLIED,
        new={"rule": actor.name, "rule_id": actor.rule_id, "action": kind, "summary": summary},
    )


def _extra(kind: str, value: Any) -> str:
    return str(rule_actions()[kind].label)


def _add_note(value: Any, conversation: Conversation, actor: RuleActor, event: str) -> str:
    note_add(conversation=conversation, author=None, text=str(value))
    return _("added a note: «%(text)s»") % {"text": _short(str(value))}


def _send_canned(value: Any, conversation: Conversation, actor: RuleActor, event: str) -> str:
    canned = CannedReply.objects.get(pk=int(value))
    agent = conversation.assignee or User(display_name=_("Support team"))
    text = render_canned(canned=canned, conversation=conversation, agent=agent)
    reply(
        conversation=conversation,
        author=None,
        text=text,
        meta={"rule_id": actor.rule_id, "rule": actor.name},
    )
    return _("sent the canned reply «%(title)s»") % {"title": canned.title}


def _recipients(to: Any, conversation: Conversation) -> tuple[list[User], str]:
    """Who a notice goes to, and how the history names them."""
    if to == "assignee":
        return ([conversation.assignee] if conversation.assignee else []), _("the assignee")
    if to == "team":
        team = conversation.team
        members = list(team.members.filter(is_active=True)) if team is not None else []
        return members, (_("team %(name)s") % {"name": team.name} if team is not None else _("the team"))
    if to == "supervisors":
        return list(User.objects.filter(role=Role.SUPERVISOR, is_active=True)), _("the supervisors")
    user = User.objects.filter(pk=int(to), is_active=True).first()
    return ([user] if user is not None else []), (user.name if user is not None else str(to))


def _notify(value: Any, conversation: Conversation, actor: RuleActor, event: str) -> str:
    """A notice in the staff notification centre, linking to the conversation."""
    from hamdel.accounts.notifications import notification_send  # type: ignore[import-not-found,import-untyped,unused-ignore]

    users, whom = _recipients(value.get("to"), conversation)
    text = str(value.get("text") or "")
    if users:
        link = reverse("conversations:conversation", args=[conversation.number])
        notification_send(actor=actor, users=users, text=text, link=link)
    else:
        whom = _("nobody (%(whom)s)") % {"whom": whom}
    return _("notified %(whom)s: «%(text)s»") % {"whom": whom, "text": _short(text)}


def _call_webhook(value: Any, conversation: Conversation, actor: RuleActor, event: str) -> str:
    """One signed delivery to the subscription the rule names (whatever events it chose), via the outbox."""
    from hamdel.automation.webhooks.models import WebhookSubscription
    from hamdel.automation.webhooks.services import webhook_deliveries_create
    from hamdel.core.slots import snapshots_expand

    subscription = WebhookSubscription.objects.get(pk=int(value))
    data = {
        "conversation_id": conversation.pk,
        "number": conversation.number,
        "rule": {"id": actor.rule_id, "name": actor.name},
    }
    data = snapshots_expand(data)  # the same conversation snapshot an event delivery carries
    webhook_deliveries_create(actor=SYSTEM, event=event, data=data, subscription_ids=[subscription.pk])
    return _("called the webhook %(url)s") % {"url": subscription.url}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ACTS: dict[str, Callable[[Any, Conversation, RuleActor, str], str]] = {
    "add_note": _add_note,
    "send_canned": _send_canned,
    "notify": _notify,
    "call_webhook": _call_webhook,
}


def run_rules(event: str, conversation_id: int, message: Message | None = None) -> list[int]:
    """Run every enabled rule for `event` on one conversation; the ids of the rules that acted."""
    conversation = Conversation.objects.filter(pk=conversation_id).select_related("customer").first()
    if conversation is None:
        return []
    now = timezone.now()
    acted: list[int] = []
    for rule in Rule.objects.filter(event=event, enabled=True).order_by("order", "pk"):
        problems = references_problems(conditions=rule.conditions, actions=rule.actions)
        if problems:
            _disable_for(rule, problems)
            continue
        conversation.refresh_from_db()
        if not conditions_hold(rule.conditions, facts_for(conversation, message, now)):
            continue
        if not _act(rule, conversation, event, now):
            return acted  # the per-minute limit is reached: no further rule acts now
        acted.append(rule.pk)
    return acted


def _act(rule: Rule, conversation: Conversation, event: str, now: dt.datetime) -> bool:
    """Take the rule's actions in order, each in its own transaction; False once the limit is reached."""
    problems = references_problems(conditions=rule.conditions, actions=rule.actions)
    if problems:
        _disable_for(rule, problems)
        return True
    actor = RuleActor(rule_id=rule.pk, name=rule.name)
    for action in rule.actions:
        if _budget_left(conversation.pk, now) <= 0:
            logger.warning("rule %s: action limit reached on conversation %s", rule.pk, conversation.pk)
            return False
        try:
            with transaction.atomic():
                _apply(action, conversation, actor, event)
                RuleRun.objects.create(
                    rule=rule, conversation_id=conversation.pk, event=event, actions=[action]
                )
        except ApplicationError as error:
            logger.warning("rule %s action %s refused: %s", rule.pk, action.get("type"), error)
            continue
        except Exception:  # a broken action (a bug, a missing module) must not stop the rules after it
            logger.exception("rule %s action %s failed", rule.pk, action.get("type"))
            continue
        conversation.refresh_from_db()
    return True


def _disable_for(rule: Rule, problems: dict[str, str]) -> None:
    """A team, tag, agent, canned reply, survey or webhook it names is gone: switch it off, visibly, go on."""
    what = "، ".join(f"{problem_text(code)} ({path})" for path, code in sorted(problems.items()))
    reason = _("It names something that no longer exists: %(what)s") % {"what": what}
    rule_disable(actor=SYSTEM, rule=rule, reason=reason)


def rules_sweep() -> list[int]:
    """Disable (with the reason) every enabled rule that names something deleted since it was saved, so the
    admin sees it on the rules page before the rule's next event; the ids disabled. Every 10 minutes."""
    disabled = []
    with translation.override(settings.LANGUAGE_CODE):
        for rule in Rule.objects.filter(enabled=True).order_by("pk"):
            problems = references_problems(conditions=rule.conditions, actions=rule.actions)
            if problems:
                _disable_for(rule, problems)
                disabled.append(rule.pk)
    return disabled


def _conversation_of(payload: dict[str, Any]) -> tuple[int | None, Message | None]:
    if payload.get("message_id"):
        message = Message.objects.filter(pk=payload["message_id"]).select_related("analysis").first()
        return (message.conversation_id, message) if message is not None else (None, None)
    return payload.get("conversation_id"), None


def _any_rule_for(public: str) -> bool:
    """Whether an enabled rule listens for `public`: one indexed query, read fresh on every event (or batch)
    so a rule saved a second ago, in any process, fires on the very next event (no cache to go stale)."""
    return Rule.objects.filter(event=public, enabled=True).exists()


def _on_event(public: str, payload: dict[str, Any]) -> None:
    """The rules for one event: its conversation, the loop guards, then `run_rules`."""
    conversation_id, message = _conversation_of(payload)
    if conversation_id is None:
        return  # e.g. survey.answered carries no conversation id yet (see WIP-rules.md)
    if public == "message.received" and (message is None or message.direction != Direction.INBOUND):
        return
    if public == "conversation.updated":
        ids = payload.get("event_ids") or ()
        kinds = set(ConversationEvent.objects.filter(pk__in=ids).values_list("actor_kind", flat=True))
        if kinds == {ActorKind.RULE}:
            return  # loop guard: the rules' own changes do not run the rules again
    if public == "conversation.resolved":
        last = (
            ConversationEvent.objects.filter(conversation_id=conversation_id, type=EventType.STATUS_CHANGED)
            .order_by("-at", "-pk")
            .values_list("actor_kind", flat=True)
            .first()
        )
        if last == ActorKind.RULE:
            return  # loop guard: a rule resolved it
    run_rules(public, conversation_id, message)


def listener_for(public: str) -> Callable[..., None]:
    """A listener for one public event name (registered on its declared event class in wiring).

    With no enabled rule for the event (most installs, most events) it returns after one query, before
    reading the message or the conversation (issue 11: the drain paid 2.5 ms a message for nothing)."""

    def on_event(**payload: Any) -> None:
        if _any_rule_for(public):
            _on_event(public, payload)

    on_event.__name__ = f"rules_on_{public.replace('.', '_')}"
    return on_event


def many_listener_for(public: str) -> Callable[[list[dict[str, Any]]], None]:
    """`listener_for`'s batch form (a worker draining a backlog, core/drain.py): one look at the rules for
    the whole batch, then each event as one by one (one event's failure costs only itself)."""

    def on_events(payloads: list[dict[str, Any]]) -> None:
        if not _any_rule_for(public):
            return
        for payload in payloads:
            try:
                _on_event(public, payload)
            except Exception:
                logger.exception("rules for %s failed on %s", public, payload)

    on_events.__name__ = f"rules_on_many_{public.replace('.', '_')}"
    return on_events


def pending_since(conversation: Conversation) -> dt.datetime:
    """When the conversation last became pending (its status event), else its last activity."""
    event = (
        ConversationEvent.objects.filter(
            conversation=conversation, type=EventType.STATUS_CHANGED, new=Status.PENDING
        )
        .order_by("-at", "-pk")
        .first()
    )
    return event.at if event is not None else conversation.last_message_at


def run_pending_rules(now: dt.datetime | None = None) -> list[tuple[int, int]]:
    """The time-based rules: each pending conversation, each rule at most once per pending stretch.

    Returns (rule id, conversation id) pairs that acted. Called by the scheduler every 10 minutes.
    """
    now = now or timezone.now()
    rules = list(Rule.objects.filter(event=PENDING, enabled=True).order_by("order", "pk"))
    if not rules:
        return []
    calendar = calendar_get()
    acted: list[tuple[int, int]] = []
    for conversation in Conversation.objects.filter(status=Status.PENDING).select_related("customer"):
        since = pending_since(conversation)
        minutes = calendar.minutes_between(since, now)
        for rule in rules:
            if RuleRun.objects.filter(
                rule=rule, conversation_id=conversation.pk, created_at__gte=since
            ).exists():
                continue  # already acted on this pending stretch
            facts = replace(facts_for(conversation, None, now), pending_minutes=minutes)
            if not conditions_hold(rule.conditions, facts):
                continue
            if _act(rule, conversation, PENDING, now):
                acted.append((rule.pk, conversation.pk))
            conversation.refresh_from_db()
            if conversation.status != Status.PENDING:
                break
    return acted
