"""What the rules feature plugs in: one listener per public event a rule can name."""

from __future__ import annotations


def ready() -> None:
    """Called once from AutomationConfig.ready(), after the apps below it declared their events."""
    from hamdel.automation.rules import tasks
    from hamdel.automation.rules.catalog import EVENTS
    from hamdel.automation.rules.runner import listener_for
    from hamdel.core.events import declared, listen
    from hamdel.core.schedule import every

    every(600, tasks.pending_tick)  # time-based rules, every 10 minutes

    for cls in declared().values():
        if cls.public in EVENTS:
            listen(cls, listener_for(cls.public))
