"""Rule actions: create, change, disable. Each validates the whole rule and names every bad part."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.accounts.models import Team, User
from hamdel.automation.rules.catalog import ACTIONS, FIELDS, PENDING, RULE_EVENTS
from hamdel.automation.rules.models import Rule
from hamdel.conversations.models import CannedReply, Priority, Status, Tag
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require

_CODES = {
    "unknown_event": gettext_lazy("Unknown event."),
    "unknown_field": gettext_lazy("Unknown condition field."),
    "unknown_op": gettext_lazy("This operator does not fit the field."),
    "unknown_action": gettext_lazy("Unknown action type."),
    "unknown_team": gettext_lazy("No such team."),
    "unknown_tag": gettext_lazy("This tag does not exist."),
}


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
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            continue
        kind, value = action.get("type"), action.get("value")
        if kind == "tag" and str(value) not in known_tags:
            errors[f"actions[{i}].value"] = "unknown_tag"
        elif kind == "assign_team" and not Team.objects.filter(pk=_int(value) or 0).exists():
            errors[f"actions[{i}].value"] = "unknown_team"
        elif kind == "assign_agent" and not User.objects.filter(pk=_int(value) or 0, is_active=True).exists():
            errors[f"actions[{i}].value"] = "unknown_agent"
        elif kind == "send_canned" and not _shared_canned(value):
            errors[f"actions[{i}].value"] = "unknown_canned"
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
        if kind not in ACTIONS:
            errors[f"actions[{i}].type"] = "unknown_action"
        elif value in (None, ""):
            errors[f"actions[{i}].value"] = "required"
        elif kind == "set_priority" and value not in Priority.values:
            errors[f"actions[{i}].value"] = "unknown_priority"
        elif kind == "set_status" and value not in Status.values:
            errors[f"actions[{i}].value"] = "unknown_status"


def _validate(data: dict[str, Any]) -> None:
    """Everything in one pass; a refused rule changes nothing and the answer names every bad part."""
    errors: dict[str, str] = {}
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
        errors.update(
            references_problems(conditions=data.get("conditions") or {}, actions=data.get("actions") or [])
        )
    if errors:
        codes = sorted(set(errors.values()))
        code = codes[0] if len(codes) == 1 else "invalid"
        message = str(_CODES.get(code) or _("The rule is not valid; nothing was saved."))
        raise ApplicationError(message, errors, code=code)


_EDITABLE = ("name", "event", "conditions", "actions", "order", "enabled")


@transaction.atomic
def rule_create(*, actor: Any, data: dict[str, Any]) -> Rule:
    require(actor, Perm.RULE_MANAGE)
    data = {k: v for k, v in data.items() if k in _EDITABLE and v is not None}
    for key in ("name", "event", "actions"):
        data.setdefault(key, None)
    _validate(data)
    return Rule.objects.create(
        name=str(data["name"]).strip()[:150],
        event=data["event"],
        conditions=data.get("conditions") or {},
        actions=data["actions"],
        order=_int(data.get("order", 100)) or 0,
        enabled=bool(data.get("enabled", True)),
    )


@transaction.atomic
def rule_update(*, actor: Any, rule: Rule, data: dict[str, Any]) -> Rule:
    """Only the given fields change; the whole resulting rule is checked (a fixed rule may be re-enabled)."""
    require(actor, Perm.RULE_MANAGE)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    changes = {k: v for k, v in data.items() if k in _EDITABLE and v is not None}
    merged = {
        "name": rule.name,
        "event": rule.event,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "order": rule.order,
    } | changes
    _validate(merged)
    for key, value in changes.items():
        setattr(rule, key, str(value).strip()[:150] if key == "name" else value)
    if changes.get("enabled"):
        rule.disabled_reason = ""
    rule.save()
    return rule


@transaction.atomic
def rule_disable(*, actor: Any, rule: Rule, reason: str) -> Rule:
    """Switch a rule off with a reason an admin sees (Hamdel: when a rule names a deleted team or tag)."""
    require(actor, Perm.RULE_MANAGE)
    Rule.objects.filter(pk=rule.pk).update(enabled=False, disabled_reason=reason[:300])
    rule.refresh_from_db()
    return rule
