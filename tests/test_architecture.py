"""Every action checks its actor's permission: read from the source, so a new service cannot skip it.

A public function in any module (services, a feature's services, tasks…) that writes in a transaction
(`@transaction.atomic` or `with transaction.atomic():`) is an action, and an action calls
`require(actor, Perm.X)` from hamdel.core.permissions before it writes — unless it is listed below:
Hamdel's own work (ingest, delivery results, listeners, scheduled runs), which no person or API key calls,
or the two actions that are nobody's role right (a user's own availability, a customer's public vote).
"""

from __future__ import annotations

import ast
from pathlib import Path

import hamdel

SRC = Path(hamdel.__file__).parent

# Actions that write without a role check, each with the reason. Keep the reason; remove an entry when the
# function gains a `require(` or goes away (the last test fails on a stale entry). Do not add a staff action
# here: give it a `require(actor, Perm.X)` instead.
SYSTEM_ONLY: dict[str, str] = {
    # Hamdel's own work: no view, API operation or CLI command calls these with a person as the actor.
    "hamdel.conversations.services.ingest:envelope_store": "ingest step 1: keep the raw payload of a channel",
    "hamdel.conversations.services.ingest:ingest": "the one ingest: a channel's inbound message",
    "hamdel.connectors.pipeline:process_once": "ingest of a stored envelope (task, recovery, hamdel replay)",
    "hamdel.bot.services:bot_on_message": "the bot's turn after an inbound message (task on MessageCreated)",
    "hamdel.bot.services:bot_settle_answers": "hourly task: answers with no return in 72 h count as resolved",
    "hamdel.connectors.pipeline:receive_many": "ingest in bulk: the batch endpoint and grouped single calls",
    "hamdel.conversations.services.ingest_many:ingest_many": "the one ingest, set-wise, for many messages",
    "hamdel.core.events:enqueue_many": "writes dispatch tasks for events an action published",
    "hamdel.customers.services:customer_resolve": "ingest step 2: find or create the sender by address",
    "hamdel.conversations.services.changes:team_next_agent": (
        "round-robin pick inside ingest and conversation_assign (the caller checks the permission)"
    ),
    "hamdel.conversations.services.replies:delivery_record_result": "the deliver task reports a send result",
    "hamdel.feedback.services.ideas:ideas_notify_done": "task after IdeaDone: tell the idea's followers",
    "hamdel.feedback.services.triggers:on_conversation_resolved": "listener: schedule the resolution survey",
    "hamdel.feedback.services.triggers:order_invitations_run": "scheduler: surveys N days after delivery",
    # Not a role's right, so no Perm: a signed-in person's own switch, and a customer's public vote.
    "hamdel.connectors.sms.service:report_record": "an SMS provider's delivery report (signed webhook)",
    "hamdel.conversations.analysis:analyze_messages": "the worker's language analysis of stored messages",
    "hamdel.demo.loader:load_demo": "the demo loader, run by `hamdel demo` on an empty database",
    "hamdel.insights.facts:conversations_facts_refresh": "listener, rebuild: conversations into report facts",
    "hamdel.insights.facts:survey_facts_store": "listener: copy survey scores into the report facts",
    "hamdel.insights.rollups:day_compute": "rollup refresh of derived report rows (task, rebuild action)",
    "hamdel.insights.rollups:month_compute": "rollup refresh of derived report rows (task, rebuild action)",
    "hamdel.insights.problems.loyalty:loyalty_snapshot_take": (
        "the worker's snapshot of the loyalty page (periodic task, or a page that asked for a period)"
    ),
    "hamdel.insights.rollups:report_reads": "writes nothing: a transaction for SET LOCAL jit = off to end",
    "hamdel.policies.calendars.services:calendar_holidays_seed": (
        "lazy, idempotent seeding of a year's library holidays the first time a date in it is counted"
    ),
    "hamdel.accounts.services:user_set_availability": "a signed-in user's own available/away switch",
    "hamdel.feedback.services.ideas:idea_vote": "a customer's vote on the public ideas board (rate-limited)",
    "hamdel.knowledge.services:vote_record": "a visitor's vote in the public help centre (rate-limited)",
    "hamdel.knowledge.services:search_miss_record": (
        "the help centre's log of searches that found nothing (public, rate-limited; no person acts)"
    ),
}


def _service_modules() -> list[Path]:
    """Every module but migrations: an action is found wherever it lives (`policies/sla/services.py`,
    `customers/orders.py`…), not only in modules named services."""
    files = [f for f in SRC.rglob("*.py") if "migrations" not in f.parts]
    return sorted(f for f in files if not f.name.startswith("_") or f.name == "__init__.py")


def _dotted(node: ast.expr) -> str:
    """`transaction.atomic` for an Attribute chain, `atomic` for a Name, '' otherwise."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return ""


def _is_atomic(node: ast.expr) -> bool:
    return _dotted(node) in {"transaction.atomic", "atomic", "django.db.transaction.atomic"}


def _writes_in_transaction(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    if any(_is_atomic(d) for d in func.decorator_list):
        return True
    return any(isinstance(n, ast.Call) and _is_atomic(n.func) for n in ast.walk(func))


def _calls_require(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(n, ast.Call) and _dotted(n.func) in {"require", "permissions.require"}
        for n in ast.walk(func)
    )


def _actions() -> dict[str, bool]:
    """`module:function` of every action → whether it calls require()."""
    found = {}
    for path in _service_modules():
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and not node.name.startswith("_") and _writes_in_transaction(node):
                found[f"{module}:{node.name}"] = _calls_require(node)
    return found


def test_the_scan_finds_the_actions():
    actions = _actions()
    # Known actions that must be found, so a broken scan (moved files, another spelling of the
    # decorator) cannot make the other tests pass on an empty list.
    assert len(actions) >= 40, sorted(actions)
    for name in (
        "hamdel.conversations.services.changes:conversation_update",
        "hamdel.conversations.services.ingest:ingest",
        "hamdel.feedback.services.surveys:survey_create",
        "hamdel.accounts.services:user_create",
    ):
        assert name in actions, name


def test_every_action_checks_permission_or_is_system_only():
    unchecked = sorted(
        name for name, checked in _actions().items() if not checked and name not in SYSTEM_ONLY
    )
    assert unchecked == [], (
        "These actions write without require(actor, Perm.X); add the check, or (for Hamdel's own work "
        f"only) list them in SYSTEM_ONLY with the reason: {unchecked}"
    )


def test_the_system_only_list_is_current():
    actions = _actions()
    gone = sorted(name for name in SYSTEM_ONLY if name not in actions)
    assert gone == [], f"Listed as system-only but no such action any more: {gone}"
    checking = sorted(name for name in SYSTEM_ONLY if actions.get(name))
    assert checking == [], f"Listed as system-only but now checking permission: {checking}"
