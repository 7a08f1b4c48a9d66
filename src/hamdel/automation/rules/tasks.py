"""Periodic work of the rules: the time-based ("pending for N business hours") rules, the sweep."""

from __future__ import annotations

from django.tasks import task

from hamdel.automation.rules.runner import rules_sweep, run_pending_rules


@task()
def pending_tick() -> None:
    run_pending_rules()


@task()
def sweep_tick() -> None:
    """Rules naming a deleted team, tag, agent, canned reply, survey or webhook are switched off, visibly."""
    rules_sweep()
