"""Slots an app plugs into from its own package: the main menu and the side panels of a page.

An app registers in its `AppConfig.ready()`:

    nav_register(NavItem(key="feedback", label=_("Voice of the customer"), url_name="feedback:home",
                         order=30, perm=Perm.CONVERSATION_VIEW))
    panel_register("conversation", Panel(key="surveys", title=_("Surveys"),
                   template="feedback/_conversation_card.html", context=conversation_card, order=40))

`web/base.html` renders the menu with `{% nav_menu %}`; a page renders its panels with
`{% page_panels "conversation" conv %}`. Adding an app never means editing `web/`.

The top bar holds a few links beside the user's menu, each with an optional number (`badge`):

    topbar_register(NavItem(key="notifications", label=_("Notifications"), url_name="accounts:notifications",
                            badge=lambda request: unread_count(request.user)))

Two more slots let an app show its data on another app's list and API without that app importing it:

    api_field_register("conversation", "sla", sla_api_field)   # ConversationOut's "sla" is this function
    inbox_column_register(InboxColumn(key="sla", header=_("SLA"), template="policies/sla/_inbox_cell.html",
                          annotate=inbox_annotate, order_by=(F("sla_due").asc(nulls_last=True),)))

Draft checks read an agent's reply before it is sent and return findings shown under the composer (never
blocking the send): `composer_check_register(check)` with `check(draft, conversation) -> list[Finding]`;
`POST /api/v1/conversations/{id}/draft-check` runs them all (`composer_findings`).

Automation rules run actions other apps own (feedback's "send a survey") through
`rule_action_register(RuleAction(type, label, validate, run))`; the rules read `rule_actions()`.
`POST /api/v1/conversations/{id}/draft-check` runs them all (`composer_findings`). A finding with a
`decision_url` is told what the agent did with it: the composer posts `{conversation_id, code, decision:
"applied"|"ignored", draft_excerpt}` there (the reply coach learns from it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hamdel.core.permissions import Perm, can

logger = logging.getLogger(__name__)

PAGES = ("conversation", "customer")


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 50
    perm: Perm | None = None
    # The URL namespaces (or url names) under which this entry is the current page.
    current: tuple[str, ...] = ()
    hide_on_phone: bool = False
    # For entries whose visibility is not one permission (the settings hub: any settings page allowed).
    show_if: Callable[[HttpRequest], bool] | None = None
    current_if: Callable[[HttpRequest], bool] | None = None
    # A number shown beside the label (unread notifications…); 0 shows nothing. One cheap query at most.
    badge: Callable[[HttpRequest], int] | None = None


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any
    template: str
    # Returns the template's context for this object, or None to leave the panel out for it.
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 50
    perm: Perm | None = None


@dataclass(frozen=True)
class ShownPanel:
    key: str
    title: Any
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InboxColumn:
    """A column of the inbox list: a header, a cell template (it sees the row as `c`), and optionally an
    annotation of the list's queryset (so a cell needs no query per row) and the order it sorts by."""

    key: str
    header: Any
    template: str
    annotate: Callable[[Any], Any] | None = None
    order_by: tuple[Any, ...] = ()
    order: int = 50
    perm: Perm | None = None
    stylesheet: str = ""  # a static path the inbox links when the column is shown


@dataclass(frozen=True)
class Finding:
    """One remark on a draft: `start`/`end` index the draft, `suggestion` may replace that span."""

    code: str
    message: str
    start: int
    end: int
    suggestion: str = ""
    decision_url: str = ""  # where the composer reports "applied"/"ignored"; empty = not recorded


ComposerCheck = Callable[[str, Any], list[Finding]]

_nav: dict[str, NavItem] = {}
_settings: dict[str, NavItem] = {}
_panels: dict[str, dict[str, Panel]] = {page: {} for page in PAGES}
_api_fields: dict[str, dict[str, Callable[[Any], Any]]] = {}
_api_prepare: dict[str, dict[str, Callable[[Any], Any]]] = {}
_inbox_columns: dict[str, InboxColumn] = {}
_topbar: dict[str, NavItem] = {}


def nav_register(item: NavItem) -> None:
    _nav[item.key] = item


_composer_checks: list[ComposerCheck] = []


def composer_check_register(check: ComposerCheck) -> None:
    """A check of the agent's draft (promises, the reply coach…), run as they type; registered once."""
    if check not in _composer_checks:
        _composer_checks.append(check)


def composer_findings(draft: str, conversation: Any) -> list[Finding]:
    """Every registered check's findings, in draft order; a failing check is logged and skipped.

    Two checks may see the same thing (a vague promise: the promises check and the reply coach); a finding
    whose code is already shown on an overlapping span (or, for an absence, at all) is left out, and its
    `decision_url` passed on to the one kept.
    """
    findings: list[Finding] = []
    for check in _composer_checks:
        try:
            for found in check(draft, conversation):
                twin = next((i for i, f in enumerate(findings) if _same(found, f)), None)
                if twin is None:
                    findings.append(found)
                elif found.decision_url and not findings[twin].decision_url:  # keep who learns from it
                    findings[twin] = replace(findings[twin], decision_url=found.decision_url)
        except Exception:  # a broken check must never stop the agent from writing
            logger.exception("draft check %s failed", getattr(check, "__qualname__", check))
    # In draft order; findings at the same place (a missing greeting, introduction…) keep their check's order.
    return sorted(findings, key=lambda f: (f.start, f.end))


def _same(a: Finding, b: Finding) -> bool:
    if a.code != b.code:
        return False
    if a.end <= a.start or b.end <= b.start:
        return True
    return a.start < b.end and b.start < a.end


def panel_register(page: str, panel: Panel) -> None:
    if page not in _panels:
        raise ValueError(f"unknown page {page!r}; pages with panels: {', '.join(PAGES)}")
    _panels[page][panel.key] = panel


def topbar_register(item: NavItem) -> None:
    """A link on the top bar beside the user's menu (the notification bell), usually with a `badge`."""
    _topbar[item.key] = item


def topbar_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The top-bar links this user may open, in order, with their badge numbers."""
    return _visible(_topbar, request)


def settings_register(item: NavItem) -> None:
    """A section of the settings hub (users, teams, channels, canned replies…), from its own app."""
    _settings[item.key] = item


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The menu entries this user may open, in order, with the current one marked."""
    return _visible(_nav, request)


def settings_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The settings sections this user may open, in order, with the current one marked."""
    return _visible(_settings, request)


def _visible(registry: dict[str, NavItem], request: HttpRequest) -> list[dict[str, Any]]:
    match = getattr(request, "resolver_match", None)
    here = {match.app_name, match.view_name} if match else set()
    items = []
    for item in sorted(registry.values(), key=lambda i: (i.order, i.key)):
        if item.perm is not None and not can(request.user, item.perm):
            continue
        if item.show_if is not None and not item.show_if(request):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = bool(here & set(item.current or (item.url_name,)))
        if item.current_if is not None:
            current = current or item.current_if(request)
        badge = item.badge(request) if item.badge is not None else 0
        entry = {"key": item.key, "label": item.label, "url": url, "current": current, "item": item}
        items.append({**entry, "badge": badge})
    return items


def panels_for(page: str, request: HttpRequest, obj: Any) -> list[ShownPanel]:
    shown = []
    for panel in sorted(_panels[page].values(), key=lambda p: (p.order, p.key)):
        if panel.perm is not None and not can(request.user, panel.perm):
            continue
        context = panel.context(request, obj)
        if context is not None:
            shown.append(ShownPanel(panel.key, panel.title, panel.template, context))
    return shown


def _settings_visible(request: HttpRequest) -> bool:
    return bool(settings_items(request))


def _settings_current(request: HttpRequest) -> bool:
    return any(entry["current"] for entry in settings_items(request))


def register_settings_entry() -> None:
    """The one "Settings" entry of the main menu: shown to anyone who may open a settings section."""
    nav_register(
        NavItem(
            key="settings",
            label=_("Settings"),
            url_name="settings",
            order=80,
            show_if=_settings_visible,
            current_if=_settings_current,
        )
    )


def api_field_register(
    schema: str,
    name: str,
    resolve: Callable[[Any], Any],
    prepare: Callable[[Any], Any] | None = None,
) -> None:
    """Fill the field `name` of an API schema (e.g. "conversation" → ConversationOut) from another app.

    The owning schema declares the field (`sla: dict | None = None`) and resolves it with `api_field()`;
    with nothing registered the field is null. `prepare(queryset)` (optional) lets the field's rows come
    with the list in the same query (`qs.select_related(...)`); the owner applies it with `api_queryset()`.
    """
    _api_fields.setdefault(schema, {})[name] = resolve
    if prepare is not None:
        _api_prepare.setdefault(schema, {})[name] = prepare


def api_queryset(schema: str, qs: Any) -> Any:
    """The owner's queryset with every registered field's `prepare` applied (no query per row)."""
    for prepare in _api_prepare.get(schema, {}).values():
        qs = prepare(qs)
    return qs


def api_field(schema: str, name: str, obj: Any) -> Any:
    resolve = _api_fields.get(schema, {}).get(name)
    return resolve(obj) if resolve is not None else None


def inbox_column_register(column: InboxColumn) -> None:
    _inbox_columns[column.key] = column


def inbox_columns(request: HttpRequest) -> list[InboxColumn]:
    """The extra inbox columns this user may see, in order."""
    return [
        c
        for c in sorted(_inbox_columns.values(), key=lambda c: (c.order, c.key))
        if c.perm is None or can(request.user, c.perm)
    ]


def inbox_queryset(qs: Any, columns: list[InboxColumn], sort: str = "") -> Any:
    """The inbox list with every column's annotation, sorted by the column named `sort` when it sorts."""
    for column in columns:
        if column.annotate is not None:
            qs = column.annotate(qs)
    chosen = next((c for c in columns if c.key == sort and c.order_by), None)
    if chosen is not None:
        qs = qs.order_by(*chosen.order_by, "-last_message_at", "-id")
    return qs


# --- snapshots: how an app describes one of its objects to systems outside Hamdel ------------------------


@dataclass(frozen=True)
class Snapshot:
    """The outside view of one kind of object, found by the id field that names it in event payloads.

    `build(id)` returns the object as plain JSON-able data (None when it is gone); `schema` is the typed
    shape it follows (a ninja/pydantic Schema), from which the webhook catalogue documents it. A snapshot may
    hold another snapshot's id field (a message's `conversation_id`): the expansion follows it once.
    """

    id_field: str  # e.g. "conversation_id"
    key: str  # e.g. "conversation": where the snapshot goes in a webhook's `data`
    build: Callable[[int], dict[str, Any] | None]
    schema: Any = None


_snapshots: dict[str, Snapshot] = {}


def snapshot_register(snapshot: Snapshot) -> None:
    _snapshots[snapshot.id_field] = snapshot


def snapshot_for(id_field: str) -> Snapshot | None:
    return _snapshots.get(id_field)


def snapshots_all() -> list[Snapshot]:
    """Every registered snapshot, by key (the webhook catalogue documents them)."""
    return sorted(_snapshots.values(), key=lambda s: s.key)


def snapshots_expand(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload's ids, then a snapshot of each object they name (and of the objects those name, once).

    Ids are never renamed or removed: a receiver written for the ids alone keeps working. A snapshot that
    fails to build is logged and left out, so one broken app cannot stop a delivery.
    """
    data = dict(payload)
    pending = [(k, v) for k, v in payload.items()]
    for _round in range(2):
        found: list[tuple[str, Any]] = []
        for field_name, value in pending:
            snapshot = _snapshots.get(field_name)
            if snapshot is None or snapshot.key in data or not isinstance(value, int):
                continue
            try:
                built = snapshot.build(value)
            except Exception:
                logger.exception("snapshot %s of %s failed", snapshot.key, value)
                continue
            data[snapshot.key] = built
            if isinstance(built, dict):
                found.extend(built.items())
        pending = found
    return data


@dataclass(frozen=True)
class RuleAction:
    """An automation rule action owned by another app (feedback's `send_survey`), so automation runs it
    without importing that app. `validate(value)` returns the problems with the value as snake_case codes
    (e.g. "unknown_survey"; empty = fine; also called by the sweep that disables rules naming deleted rows);
    `run(actor, conversation, value)` takes the action as the rule (a `RuleActor`) through the app's own
    permission-checked action, inside the runner's transaction. `label` is shown in the rule form, and
    `choices()` (optional) lists the values an admin picks from there: (value, label) pairs."""

    type: str
    label: Any
    validate: Callable[[Any], list[str]]
    run: Callable[[Any, Any, Any], None]
    choices: Callable[[], list[tuple[str, str]]] | None = None


_rule_actions: dict[str, RuleAction] = {}


def rule_action_register(action: RuleAction) -> None:
    """Offer one more action type to automation rules (registered from the owner's `ready()`)."""
    _rule_actions[action.type] = action


def rule_actions() -> dict[str, RuleAction]:
    """The extra rule action types, by type name."""
    return dict(_rule_actions)


# --- survey scores for reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyScore:
    """One scored answer (CSAT 1–5, CES 1–7, NPS 0–10) as reports need it, without the survey's text.

    Feedback owns surveys; insights is its sibling and may not import it, so feedback registers a source
    that yields these, and insights reads them on `survey.answered` and when it rebuilds its rollups."""

    response_id: int
    question_id: int
    kind: str  # csat | ces | nps
    score: int
    at: Any  # aware datetime: when the response was completed
    conversation_id: int | None = None


# source(response_id=None, since=None) -> iterable of SurveyScore (one response, or every one since a time)
_survey_sources: list[Callable[..., Any]] = []


def survey_scores_register(source: Callable[..., Any]) -> None:
    """Offer survey answers to the reports (feedback calls it from its `ready()`)."""
    if source not in _survey_sources:
        _survey_sources.append(source)


def survey_scores(*, response_id: int | None = None, since: Any = None) -> list[SurveyScore]:
    """The scored answers of one response, or of every response completed since `since` (None: all)."""
    scores: list[SurveyScore] = []
    for source in _survey_sources:
        scores.extend(source(response_id=response_id, since=since))
    return scores


# source(conversation_ids) -> the ids among them that an SLA policy covers (policies registers one)
_sla_sources: list[Callable[..., Any]] = []


def sla_covered_register(source: Callable[..., Any]) -> None:
    """Tell the reports which conversations run under an SLA (policies calls it from its `ready()`), so SLA
    compliance is measured over those only, not over conversations that never had a target."""
    if source not in _sla_sources:
        _sla_sources.append(source)


def sla_covered(conversation_ids: Any) -> set[int]:
    """The conversations among `conversation_ids` with an SLA (none when no source is registered)."""
    ids = list(conversation_ids)
    found: set[int] = set()
    for source in _sla_sources:
        found |= set(source(ids))
    return found
