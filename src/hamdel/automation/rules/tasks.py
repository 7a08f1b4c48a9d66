"""Periodic work of the rules: the time-based ("pending for N business hours") rules."""

from __future__ import annotations

from django.tasks import task

from hamdel.automation.rules.runner import run_pending_rules


@task()
def pending_tick() -> None:
    run_pending_rules()
