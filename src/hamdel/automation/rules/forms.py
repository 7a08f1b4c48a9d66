"""The structured rule form: condition rows (field, operator, value) and action rows (type, a picked value,
a text, round-robin), to and from the rule's JSON. Blank rows are ignored, so the page works without
JavaScript as a fixed number of empty rows; the script only adds and removes rows.

Row inputs are named `c-<n>-field|op|value` and `a-<n>-type|choice|text|rr`. An action's picked value
is `<kind>:<value>` (team:3, tag:لغو, notify:assignee…): the kind the action type needs, else the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hamdel.accounts.models import Team, User
from hamdel.automation.rules.catalog import FIELDS, NOTIFY_TO, labels
from hamdel.automation.webhooks.models import WebhookSubscription
from hamdel.conversations.models import CannedReply, Priority, Status, Tag
from hamdel.core.slots import rule_actions

MAX_ROWS = 30  # rows the server reads; the page shows the rule's rows plus BLANK_ROWS empty ones
BLANK_ROWS = 2
_LIST_OPS = ("in", "contains", "not_contains", "has", "has_not")  # several values: any of them
_SPLIT = re.compile(r"\s*[,،]\s*")

# action type → the kind of picked value it takes (notify: its recipient; add_note takes only the text)
PICKS = {
    "assign_agent": "agent",
    "assign_team": "team",
    "tag": "tag",
    "set_priority": "priority",
    "set_status": "status",
    "send_canned": "canned",
    "call_webhook": "webhook",
    "notify": "notify",
}
_INT_KINDS = {"agent", "team", "canned", "webhook"}


@dataclass
class ConditionRow:
    field: str = ""
    op: str = ""
    value: str = ""
    error: str = ""


@dataclass
class ActionRow:
    type: str = ""
    choice: str = ""
    text: str = ""
    round_robin: bool = True
    error: str = ""


@dataclass
class RuleForm:
    name: str = ""
    event: str = "message.received"
    match: str = "all"
    conditions: list[ConditionRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # "name", "event", "conditions", "actions"

    def padded(self) -> RuleForm:
        """The rows to show: the rule's own and a few blank ones (the no-JavaScript way to add a row)."""
        self.conditions = [*self.conditions, *(ConditionRow() for _ in range(BLANK_ROWS))]
        self.actions = [*self.actions, *(ActionRow() for _ in range(BLANK_ROWS))]
        return self


def _pick_kind(kind: str) -> str:
    return PICKS.get(kind) or (f"x-{kind}" if kind in rule_actions() else "")


def from_post(post: QueryDict) -> tuple[RuleForm, dict[str, Any]]:
    """The form as typed (blank rows dropped) and the rule data for the action."""
    form = RuleForm(
        name=post.get("name", "").strip(),
        event=post.get("event", ""),
        match="any" if post.get("match") == "any" else "all",
    )
    conditions = []
    for n in range(MAX_ROWS):
        row = ConditionRow(*(post.get(f"c-{n}-{k}", "").strip() for k in ("field", "op", "value")))
        if not row.field:
            continue
        form.conditions.append(row)
        conditions.append({"field": row.field, "op": row.op, "value": _condition_value(row)})
    actions = []
    for n in range(MAX_ROWS):
        kind = post.get(f"a-{n}-type", "").strip()
        if not kind:
            continue
        act = ActionRow(
            type=kind,
            choice=post.get(f"a-{n}-choice", ""),
            text=post.get(f"a-{n}-text", "").strip(),
            round_robin=bool(post.get(f"a-{n}-rr")),
        )
        form.actions.append(act)
        actions.append(_action(act))
    data = {
        "name": form.name,
        "event": form.event,
        "conditions": {form.match: conditions} if conditions else {},
        "actions": actions,
    }
    return form, data


def _condition_value(row: ConditionRow) -> Any:
    if row.field == "business_hours":
        return row.value.lower() not in ("", "0", "false", "no", "خیر", "نه")
    if row.op in _LIST_OPS:
        values = [v for v in _SPLIT.split(row.value) if v]
        return values if row.op == "in" or len(values) > 1 else row.value
    return row.value


def _action(row: ActionRow) -> dict[str, Any]:
    kind, _sep, picked = row.choice.partition(":")
    wanted = _pick_kind(row.type)
    value: Any = picked if kind == wanted and picked else row.text
    if row.type == "notify":
        to: Any = picked if kind in ("notify", "agent") else ""
        to = int(to) if kind == "agent" and to.isdigit() else to
        return {"type": "notify", "value": {"to": to, "text": row.text}}
    if (wanted in _INT_KINDS or wanted.startswith("x-")) and str(value).isdigit():
        value = int(value)
    action: dict[str, Any] = {"type": row.type, "value": value}
    if row.type == "assign_team":
        action["round_robin"] = row.round_robin
    return action


def from_rule(rule: Any) -> RuleForm:
    """An existing rule as form rows."""
    match = "any" if "any" in (rule.conditions or {}) else "all"
    form = RuleForm(name=rule.name, event=rule.event, match=match)
    for cond in (rule.conditions or {}).get(match) or []:
        value = cond.get("value")
        if isinstance(value, list):
            value = "، ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        form.conditions.append(ConditionRow(cond.get("field", ""), cond.get("op", ""), str(value)))
    for action in rule.actions or []:
        kind, value = action.get("type", ""), action.get("value")
        row = ActionRow(type=kind, round_robin=action.get("round_robin", True) is not False)
        if kind == "notify" and isinstance(value, dict):
            to = value.get("to")
            row.choice = f"notify:{to}" if to in NOTIFY_TO else f"agent:{to}"
            row.text = str(value.get("text", ""))
        elif _pick_kind(kind):
            row.choice = f"{_pick_kind(kind)}:{value}"
        else:
            row.text = str(value or "")
        form.actions.append(row)
    return form


_ROW = re.compile(r"^(conditions|actions)\[(\d+)\]")


def place_errors(form: RuleForm, extra: dict[str, str], problem_text: Any) -> RuleForm:
    """Put each refused part's Persian sentence next to its row (or beside the whole field)."""
    for path, code in extra.items():
        text = str(problem_text(code))
        found = _ROW.match(path)
        if found:
            rows: list[Any] = form.conditions if found.group(1) == "conditions" else form.actions
            index = int(found.group(2))
            if index < len(rows):
                rows[index].error = " ".join(filter(None, (rows[index].error, text)))
                continue
        form.errors[path.split("[")[0].split(".")[0]] = text
    return form


def choices() -> list[tuple[Any, str, list[tuple[str, str]]]]:
    """The option groups of the action rows' value picker: (label, kind, options); empty groups left out."""
    groups: list[tuple[Any, str, list[tuple[str, str]]]] = [
        (
            _("Notify whom"),
            "notify",
            [
                ("notify:assignee", str(_("the conversation's assignee"))),
                ("notify:team", str(_("the conversation's team"))),
                ("notify:supervisors", str(_("all supervisors"))),
            ],
        ),
        (
            _("Agents"),
            "agent",
            [(f"agent:{u.pk}", u.name) for u in User.objects.filter(is_active=True).order_by("username")],
        ),
        (_("Teams"), "team", [(f"team:{pk}", name) for pk, name in Team.objects.values_list("pk", "name")]),
        (_("Tags"), "tag", [(f"tag:{name}", name) for name in Tag.objects.values_list("name", flat=True)]),
        (_("Priorities"), "priority", [(f"priority:{v}", str(label)) for v, label in Priority.choices]),
        (_("Statuses"), "status", [(f"status:{v}", str(label)) for v, label in Status.choices]),
        (
            _("Canned replies"),
            "canned",
            [(f"canned:{pk}", title) for pk, title in CannedReply.objects.values_list("pk", "title")],
        ),
        (
            _("Webhooks"),
            "webhook",
            [(f"webhook:{pk}", url) for pk, url in WebhookSubscription.objects.values_list("pk", "url")],
        ),
    ]
    for kind, action in sorted(rule_actions().items()):
        if action.choices is not None:
            options = [(f"x-{kind}:{v}", label) for v, label in action.choices()]
            groups.append((action.label, f"x-{kind}", options))
    return [group for group in groups if group[2]]


def catalogue() -> dict[str, Any]:
    """What the form's selects offer, with their Persian names."""
    names = labels()
    all_ops = sorted({op for ops in FIELDS.values() for op in ops}, key=list(names["ops"]).index)
    return {
        "events": list(names["events"].items()),
        "fields": [(f, names["fields"][f]) for f in FIELDS],
        "ops": [(op, names["ops"][op]) for op in all_ops],
        "actions": list(names["actions"].items()),
        "field_ops": {f: list(ops) for f, ops in FIELDS.items()},
        "picks": {kind: _pick_kind(kind) for kind in names["actions"]},
        "choices": choices(),
    }
