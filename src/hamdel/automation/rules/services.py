"""Rule actions: create, change, disable. Each validates the whole rule and names every bad part."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.accounts.models import Team, User
from hamdel.automation.rules.catalog import FIELDS, NOTIFY_TO, PENDING, RULE_EVENTS, action_types
from hamdel.automation.rules.models import Rule
from hamdel.automation.webhooks.models import WebhookSubscription
from hamdel.conversations.models import CannedReply, Priority, Status, Tag
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, can, require
from hamdel.core.slots import rule_actions

_CODES = {
    "unknown_event": gettext_lazy("Unknown event."),
    "unknown_field": gettext_lazy("Unknown condition field."),
    "unknown_op": gettext_lazy("This operator does not fit the field."),
    "unknown_action": gettext_lazy("Unknown action type."),
    "unknown_team": gettext_lazy("No such team."),
    "unknown_tag": gettext_lazy("This tag does not exist."),
    "unknown_agent": gettext_lazy("No such active user."),
    "unknown_canned": gettext_lazy("No such canned reply."),
    "unknown_survey": gettext_lazy("No such survey."),
    "survey_closed": gettext_lazy("This survey is closed."),
    "unknown_webhook": gettext_lazy("No such webhook."),
    "unknown_recipient": gettext_lazy("Notify the assignee, the team, the supervisors or one user."),
    "unknown_priority": gettext_lazy("Unknown priority."),
    "unknown_status": gettext_lazy("Unknown status."),
    "required": gettext_lazy("This is required."),
    "invalid": gettext_lazy("This value is not valid."),
    "too_long": gettext_lazy("The text is too long (500 characters at most)."),
    "pending_hours_required": gettext_lazy(
        "A time-based rule needs a “pending for N business hours” condition."
    ),
    "pending_hours_needs_pending_event": gettext_lazy(
        "The “pending for N business hours” condition works only with the time-based event."
    ),
}


def problem_text(code: str) -> str:
    """The Persian sentence for a validation code (a generic one for codes other apps' actions return)."""
    return str(_CODES.get(code) or _("This value is not valid."))


def _int(value: Any) -> int | None:
    try:
        return int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _shared_canned(value: Any) -> bool:
    """A rule may send a reply meant for everyone or a team, never someone's personal one."""
    return CannedReply.objects.filter(pk=_int(value) or 0, owner__isnull=True).exists()


def references_problems(*, conditions: Any, actions: Any) -> dict[str, str]:
    """The teams, agents, tags and canned replies a rule names that do not exist (field path → code)."""
    errors: dict[str, str] = {}
    tags = {str(a.get("value")) for a in actions if isinstance(a, dict) and a.get("type") == "tag"}
    items = (conditions or {}).get("all") or (conditions or {}).get("any") or []
    tags |= {
        v for c in items if isinstance(c, dict) and c.get("field") == "tags" for v in _values(c.get("value"))
    }
    known_tags = set(Tag.objects.filter(name__in=tags).values_list("name", flat=True))
    extra = rule_actions()
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            continue
        kind, value = action.get("type"), action.get("value")
        if kind not in action_types():  # e.g. the app that offered it is no longer installed
            errors[f"actions[{i}].type"] = "unknown_action"
        elif kind == "tag" and str(value) not in known_tags:
            errors[f"actions[{i}].value"] = "unknown_tag"
        elif kind == "assign_team" and not Team.objects.filter(pk=_int(value) or 0).exists():
            errors[f"actions[{i}].value"] = "unknown_team"
        elif kind == "assign_agent" and not User.objects.filter(pk=_int(value) or 0, is_active=True).exists():
            errors[f"actions[{i}].value"] = "unknown_agent"
        elif kind == "send_canned" and not _shared_canned(value):
            errors[f"actions[{i}].value"] = "unknown_canned"
        elif kind == "call_webhook" and not WebhookSubscription.objects.filter(pk=_int(value) or 0).exists():
            errors[f"actions[{i}].value"] = "unknown_webhook"
        elif kind == "notify" and isinstance(value, dict) and value.get("to") not in NOTIFY_TO:
            if not User.objects.filter(pk=_int(value.get("to")) or 0, is_active=True).exists():
                errors[f"actions[{i}].value.to"] = "unknown_agent"
        elif kind in extra and (problems := extra[kind].validate(value)):
            errors[f"actions[{i}].value"] = problems[0]
    for i, cond in enumerate(items):
        is_tags = isinstance(cond, dict) and cond.get("field") == "tags"
        if is_tags and any(v not in known_tags for v in _values(cond.get("value"))):
            errors[f"conditions[{i}].value"] = "unknown_tag"
    return errors


def _validate_conditions(conditions: Any, errors: dict[str, str]) -> None:
    if conditions in (None, {}):
        return
    if (
        not isinstance(conditions, dict)
        or len(conditions) != 1
        or next(iter(conditions)) not in ("all", "any")
    ):
        errors["conditions"] = "invalid"
        return
    items = next(iter(conditions.values()))
    if not isinstance(items, list):
        errors["conditions"] = "invalid"
        return
    for i, cond in enumerate(items):
        if not isinstance(cond, dict):
            errors[f"conditions[{i}]"] = "invalid"
            continue
        name, op, value = cond.get("field"), cond.get("op"), cond.get("value")
        if name not in FIELDS:
            errors[f"conditions[{i}].field"] = "unknown_field"
        elif op not in FIELDS[name]:
            errors[f"conditions[{i}].op"] = "unknown_op"
        elif value in (None, "", []):
            errors[f"conditions[{i}].value"] = "required"
        elif name == "pending_business_hours" and (_int(value) is None or (_int(value) or 0) <= 0):
            errors[f"conditions[{i}].value"] = "invalid"
        elif name == "priority" and not set(_values(value)) <= set(Priority.values):
            errors[f"conditions[{i}].value"] = "unknown_priority"


def _values(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _validate_actions(actions: Any, errors: dict[str, str]) -> None:
    if not isinstance(actions, list) or not actions:
        errors["actions"] = "required"
        return
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            errors[f"actions[{i}]"] = "invalid"
            continue
        kind, value = action.get("type"), action.get("value")
        if kind not in action_types():
            errors[f"actions[{i}].type"] = "unknown_action"
        elif value in (None, ""):
            errors[f"actions[{i}].value"] = "required"
        elif kind == "set_priority" and value not in Priority.values:
            errors[f"actions[{i}].value"] = "unknown_priority"
        elif kind == "set_status" and value not in Status.values:
            errors[f"actions[{i}].value"] = "unknown_status"
        elif kind == "assign_team" and not isinstance(action.get("round_robin", True), bool):
            errors[f"actions[{i}].round_robin"] = "invalid"
        elif kind == "notify":
            _validate_notify(i, value, errors)


def _validate_notify(i: int, value: Any, errors: dict[str, str]) -> None:
    if not isinstance(value, dict):
        errors[f"actions[{i}].value"] = "invalid"
        return
    to = value.get("to")
    if to in (None, "") or (to not in NOTIFY_TO and _int(to) is None):
        errors[f"actions[{i}].value.to"] = "unknown_recipient"
    if not str(value.get("text") or "").strip():
        errors[f"actions[{i}].value.text"] = "required"
    elif len(str(value["text"])) > 500:  # what the notification centre takes
        errors[f"actions[{i}].value.text"] = "too_long"


def _new_tags(actions: Any, actor: Any) -> set[str]:
    """Tags a rule's `tag` actions name that do not exist yet: made with the rule when its author may
    create tags (an admin naming «لغو-سفارش» in a new rule means that tag), else refused as unknown."""
    if not isinstance(actions, list) or not can(actor, Perm.TAG_CREATE):
        return set()
    names = {
        str(a.get("value")).strip()
        for a in actions
        if isinstance(a, dict) and a.get("type") == "tag" and str(a.get("value") or "").strip()
    }
    return names - set(Tag.objects.filter(name__in=names).values_list("name", flat=True))


def _validate(data: dict[str, Any], actor: Any) -> set[str]:
    """Everything in one pass; a refused rule changes nothing and the answer names every bad part.

    Returns the tags to create with the rule (see `_new_tags`)."""
    errors: dict[str, str] = {}
    new_tags = _new_tags(data.get("actions"), actor)
    if "name" in data and not str(data["name"] or "").strip():
        errors["name"] = "required"
    if "event" in data and data["event"] not in RULE_EVENTS:
        errors["event"] = "unknown_event"
    items = (data.get("conditions") or {}).get("all") or (data.get("conditions") or {}).get("any") or []
    waits = [c for c in items if isinstance(c, dict) and c.get("field") == "pending_business_hours"]
    if data.get("event") == PENDING and not waits:
        errors["conditions"] = "pending_hours_required"
    if waits and data.get("event") != PENDING:
        errors["conditions"] = "pending_hours_needs_pending_event"
    if "conditions" in data:
        _validate_conditions(data["conditions"], errors)
    if "actions" in data:
        _validate_actions(data["actions"], errors)
    if "order" in data and _int(data["order"]) is None:
        errors["order"] = "invalid"
    if not errors:
        problems = references_problems(
            conditions=data.get("conditions") or {}, actions=data.get("actions") or []
        )
        actions = data.get("actions") or []
        errors.update(
            (path, code)
            for path, code in problems.items()
            if not (
                code == "unknown_tag" and path.startswith("actions[") and _tag_of(actions, path) in new_tags
            )
        )
    if errors:
        codes = sorted(set(errors.values()))
        code = codes[0] if len(codes) == 1 else "invalid"
        single = len(codes) == 1 and code in _CODES
        message = str(_CODES[code]) if single else _("The rule is not valid; nothing was saved.")
        raise ApplicationError(message, errors, code=code)
    return new_tags


def _tag_of(actions: list[Any], path: str) -> str:
    return str(actions[int(path[len("actions[") : path.index("]")])].get("value")).strip()


def _create_tags(names: set[str], actor: Any) -> None:
    from hamdel.conversations.services import tag_create

    for name in sorted(names):
        tag_create(name=name, actor=actor)


_EDITABLE = ("name", "event", "conditions", "actions", "order", "enabled")


@transaction.atomic
def rule_create(*, actor: Any, data: dict[str, Any]) -> Rule:
    require(actor, Perm.RULE_MANAGE)
    data = {k: v for k, v in data.items() if k in _EDITABLE and v is not None}
    for key in ("name", "event", "actions"):
        data.setdefault(key, None)
    _create_tags(_validate(data, actor), actor)
    rule = Rule.objects.create(
        name=str(data["name"]).strip()[:150],
        event=data["event"],
        conditions=data.get("conditions") or {},
        actions=data["actions"],
        order=_int(data.get("order", 100)) or 0,
        enabled=bool(data.get("enabled", True)),
    )
    audit(actor=actor, action="rule.create", target=f"rule:{rule.pk}", after=_audit_view(rule))
    return rule


def _audit_view(rule: Rule) -> dict[str, Any]:
    keys = ("name", "event", "conditions", "actions", "order", "enabled")
    return {key: getattr(rule, key) for key in keys}


@transaction.atomic
def rule_update(*, actor: Any, rule: Rule, data: dict[str, Any]) -> Rule:
    """Only the given fields change; the whole resulting rule is checked (a fixed rule may be re-enabled)."""
    require(actor, Perm.RULE_MANAGE)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    before = _audit_view(rule)
    changes = {k: v for k, v in data.items() if k in _EDITABLE and v is not None}
    merged = {
        "name": rule.name,
        "event": rule.event,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "order": rule.order,
    } | changes
    _create_tags(_validate(merged, actor), actor)
    for key, value in changes.items():
        setattr(rule, key, str(value).strip()[:150] if key == "name" else value)
    if changes.get("enabled"):
        rule.disabled_reason = ""
    rule.save()
    if (after := _audit_view(rule)) != before:
        audit(actor=actor, action="rule.update", target=f"rule:{rule.pk}", before=before, after=after)
    return rule


@transaction.atomic
def rule_disable(*, actor: Any, rule: Rule, reason: str) -> Rule:
    """Switch a rule off with a reason an admin sees (Hamdel: when a rule names a deleted team or tag)."""
    require(actor, Perm.RULE_MANAGE)
    Rule.objects.filter(pk=rule.pk).update(enabled=False, disabled_reason=reason[:300])
    rule.refresh_from_db()
    return rule


@transaction.atomic
def rule_reorder(*, actor: Any, rule: Rule, direction: str) -> list[Rule]:
    """Move a rule one place up or down in the run order; every rule is renumbered 10, 20, 30…"""
    require(actor, Perm.RULE_MANAGE)
    if direction not in ("up", "down"):
        raise ApplicationError(_("Move a rule up or down."), {"direction": "invalid"}, code="invalid")
    rules = list(Rule.objects.select_for_update().order_by("order", "pk"))
    at = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(rules):
        rules[at], rules[to] = rules[to], rules[at]
    for i, item in enumerate(rules):
        if item.order != (i + 1) * 10:
            item.order = (i + 1) * 10
            item.save(update_fields=["order", "updated_at"])
    return rules
